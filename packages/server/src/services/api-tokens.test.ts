import { afterEach, describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { openStore, type Store } from "../storage/store.ts";
import { databaseBytes } from "../test-support/database-bytes.ts";
import { authenticateApiToken, createApiToken, generateApiToken, hashApiToken } from "./api-tokens.ts";
import { ValidationError } from "./errors.ts";
import { bootstrapFirstStart, createOrganization } from "./organizations.ts";

let opened: Store | undefined;
function open(): Store {
  opened = openStore(":memory:");
  return opened;
}
afterEach(() => {
  opened?.close();
  opened = undefined;
});
const clock = createFixedClock("2025-06-15T12:00:00.000Z");

describe("API tokens", () => {
  it("are voke_ + 32 random bytes in base64url", () => {
    const token = generateApiToken();
    expect(token).toMatch(/^voke_[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(token);
  });

  it("are stored only as their SHA-256 hash and authenticate to their principal", () => {
    const store = open();
    const organization = createOrganization(store, clock, "Acme");
    const { token, record } = createApiToken(store, clock, {
      organizationId: organization.id,
      role: "operator",
      name: "ci",
    });
    expect(record.tokenHash).toBe(hashApiToken(token));
    expect(record.tokenHash).not.toContain(token);
    const dump = databaseBytes(store.db.sqlite);
    expect(dump).not.toContain(token);
    expect(authenticateApiToken(store, clock, token)).toEqual({
      tokenId: record.id,
      organizationId: organization.id,
      role: "operator",
    });
    expect(authenticateApiToken(store, clock, `${token}x`)).toBeUndefined();
  });

  it("note their last use at most once a minute", () => {
    const store = open();
    const organization = createOrganization(store, clock, "Acme");
    const { token, record } = createApiToken(store, clock, {
      organizationId: organization.id,
      role: "viewer",
      name: "t",
    });
    authenticateApiToken(store, clock, token);
    clock.advance(30_000);
    authenticateApiToken(store, clock, token);
    expect(store.apiTokens.findById(record.id)?.lastUsedAt).toBe("2025-06-15T12:00:00.000Z");
    clock.advance(30_000);
    authenticateApiToken(store, clock, token);
    expect(store.apiTokens.findById(record.id)?.lastUsedAt).toBe("2025-06-15T12:01:00.000Z");
  });

  it("need an existing organization and a name", () => {
    const store = open();
    expect(() =>
      createApiToken(store, clock, {
        organizationId: "00000000-0000-4000-8000-000000000000",
        role: "admin",
        name: "x",
      }),
    ).toThrow(ValidationError);
    const organization = createOrganization(store, clock, "Acme");
    expect(() =>
      createApiToken(store, clock, { organizationId: organization.id, role: "admin", name: "  " }),
    ).toThrow(ValidationError);
  });
});

describe("bootstrapFirstStart", () => {
  it("creates the default organization and a generated admin token once", () => {
    const store = open();
    const result = bootstrapFirstStart(store, clock, undefined);
    expect(result?.organization.name).toBe("Default organization");
    expect(result?.generatedToken).toMatch(/^voke_/);
    expect(authenticateApiToken(store, clock, result?.generatedToken ?? "")?.role).toBe("admin");
    expect(bootstrapFirstStart(store, clock, undefined)).toBeUndefined();
    expect(store.apiTokens.count()).toBe(1);
  });

  it("uses VOKE_BOOTSTRAP_TOKEN when given and prints nothing", () => {
    const store = open();
    const result = bootstrapFirstStart(store, clock, "voke_bootstrap_for_ci_0001");
    expect(result?.generatedToken).toBeUndefined();
    expect(authenticateApiToken(store, clock, "voke_bootstrap_for_ci_0001")?.organizationId).toBe(
      result?.organization.id,
    );
  });
});
