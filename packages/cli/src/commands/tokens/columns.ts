/** What the token verbs share: the roles a token may have and the columns a token is shown with. */

export const TOKEN_ROLES = ["viewer", "operator", "provisioner", "admin", "superadmin"] as const;

export const TOKEN_COLUMNS = ["id", "name", "role", "createdAt", "lastUsedAt", "expiresAt", "revokedAt"];
