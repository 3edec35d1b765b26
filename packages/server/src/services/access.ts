/** Who is calling (the principal behind an API token) and what their role and organization let them see. */
import type { Role } from "../storage/api-tokens.ts";
import { ForbiddenError } from "./errors.ts";

export type { Role } from "../storage/api-tokens.ts";

export interface Principal {
  tokenId: string;
  organizationId: string;
  role: Role;
}

export const ROLES: readonly Role[] = ["viewer", "operator", "admin", "superadmin"];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, superadmin: 3 };

/** True when `principal` holds `minimum` or a stronger role. */
export function hasRole(principal: Principal, minimum: Role): boolean {
  return RANK[principal.role] >= RANK[minimum];
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
