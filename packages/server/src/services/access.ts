/** Who is calling (the principal behind an API token) and what their role and organization let them see. */
import { API_TOKEN_ROLE_VALUES } from "@voke/sdk";
import type { Role } from "../storage/api-tokens.ts";
import { ForbiddenError } from "./errors.ts";

export type { Role } from "../storage/api-tokens.ts";

export interface Principal {
  tokenId: string;
  organizationId: string;
  role: Role;
}

/** Every role, weakest first (openapi.yaml ApiTokenRole lists them in that order). */
export const ROLES: readonly Role[] = API_TOKEN_ROLE_VALUES;

/**
 * The roles each role includes. Not a ladder: `operator` (commands, suspend) and `provisioner` (create,
 * provision and download plants, for CI) each add to `viewer`, and neither may delete, revoke or manage
 * tokens; `admin` includes both.
 */
const INCLUDES: Record<Role, readonly Role[]> = {
  viewer: ["viewer"],
  operator: ["viewer", "operator"],
  provisioner: ["viewer", "provisioner"],
  admin: ["viewer", "operator", "provisioner", "admin"],
  superadmin: ["viewer", "operator", "provisioner", "admin", "superadmin"],
};

/** True when `role` includes `minimum` (viewer ⊂ operator, provisioner ⊂ admin ⊂ superadmin). */
export function roleIncludes(role: Role, minimum: Role): boolean {
  return INCLUDES[role].includes(minimum);
}

/** True when `principal` holds `minimum` or a role that includes it. */
export function hasRole(principal: Principal, minimum: Role): boolean {
  return roleIncludes(principal.role, minimum);
}

/** Throws ForbiddenError unless `principal` holds at least `minimum`. */
export function requireRole(principal: Principal, minimum: Role): void {
  if (!hasRole(principal, minimum)) throw new ForbiddenError();
}

/** Whether `principal` may see resources of `organizationId` (a superadmin sees every organization). */
export function canAccessOrganization(principal: Principal, organizationId: string): boolean {
  return principal.role === "superadmin" || principal.organizationId === organizationId;
}

/** The organization a list is limited to; undefined (every organization) for a superadmin. */
export function organizationScope(principal: Principal): string | undefined {
  return principal.role === "superadmin" ? undefined : principal.organizationId;
}
