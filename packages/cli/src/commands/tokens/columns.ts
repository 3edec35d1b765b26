/** What the token verbs share: the roles a token may have and the columns a token is shown with. */

import { API_TOKEN_ROLE_VALUES, type ApiTokenRole } from "@voke/sdk";
import { choicesOf } from "../../flags/choices-of.ts";

export const TOKEN_ROLES = choicesOf<ApiTokenRole>()(API_TOKEN_ROLE_VALUES);

export const TOKEN_COLUMNS = ["id", "name", "role", "createdAt", "lastUsedAt", "expiresAt", "revokedAt"];
