/** Organizations (tenants) and the first-start bootstrap: a default organization with an admin token. */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { OrganizationRecord } from "../storage/organizations.ts";
import type { Store } from "../storage/store.ts";
import { createApiToken } from "./api-tokens.ts";
import { ValidationError } from "./errors.ts";

export function createOrganization(store: Store, clock: Clock, name: string): OrganizationRecord {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new ValidationError([{ path: "name", message: "must be 1 to 200 characters" }]);
  }
  const now = clock.now().toISOString();
  const organization: OrganizationRecord = {
    id: randomUUID(),
    name: trimmed,
    createdAt: now,
    updatedAt: now,
  };
  store.organizations.insert(organization);
  return organization;
}

export interface BootstrapResult {
  organization: OrganizationRecord;
  /** The admin token's public id (for logs). */
  tokenId: string;
  /** The admin token, when one was generated (print it once); undefined when VOKE_BOOTSTRAP_TOKEN was used. */
  generatedToken: string | undefined;
}

/**
 * On a server with no API token yet, creates the default organization (or reuses the first one) and an admin
 * token for it: `bootstrapToken` when given, else a random one. Returns undefined when tokens already exist.
 */
export function bootstrapFirstStart(
  store: Store,
  clock: Clock,
  bootstrapToken: string | undefined,
): BootstrapResult | undefined {
  return store.transaction(() => {
    if (store.apiTokens.count() > 0) return undefined;
    const organization =
      store.organizations.list()[0] ?? createOrganization(store, clock, "Default organization");
    const { token, record } = createApiToken(store, clock, {
      organizationId: organization.id,
      role: "admin",
      name: "bootstrap admin",
      token: bootstrapToken,
    });
    return {
      organization,
      tokenId: record.id,
      generatedToken: bootstrapToken === undefined ? token : undefined,
    };
  });
}
