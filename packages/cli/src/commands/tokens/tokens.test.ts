/**
 * `voke tokens create|list|revoke` through the real SDK against the real server app (in memory): the
 * secret printed once, never listed, and a revoked token refused with exit 4.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVokeClient } from "@voke/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../../../../server/src/test-support/harness.ts";
import type { CreateClient } from "../../factory.ts";
import { runVoke } from "../../test-support/harness.ts";
import { tokensCommands } from "./index.ts";
import { parseLifetime } from "./lifetime.ts";

let h: TestHarness;
afterEach(() => h?.close());

const inMemory =
  (server: TestHarness): CreateClient =>
  (options) =>
    createVokeClient({ ...options, fetch: server.fetch, maxRetries: 0 });

async function voke(args: string[], token: string, extra: { tty?: boolean; stdin?: string } = {}) {
  return runVoke(args, {
    entries: tokensCommands,
    createClient: inMemory(h),
    env: {
      VOKE_API_URL: "http://voke.test",
      VOKE_TOKEN: token,
      VOKE_CONFIG_DIR: "/nonexistent/voke-test",
      NO_COLOR: "1",
    },
    ...extra,
  });
}

describe("voke tokens", () => {
  it("create prints the secret once; list never shows it; revoke cuts it off", async () => {
    h = await createTestHarness();
    const created = await voke(
      [
        "tokens",
        "create",
        "--name",
        "ci",
        "--role",
        "provisioner",
        "--expires-in",
        "90d",
        "--stdout",
        "-o",
        "json",
      ],
      h.tokens.admin,
    );
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({ name: "ci", role: "provisioner" });
    // 90 days from now by the CLI's clock.
    expect(Math.abs(Date.parse(token.expiresAt) - (Date.now() + 90 * 86_400_000))).toBeLessThan(60_000);
    expect(token.token).toMatch(/^voke_/);
    // Not a terminal: no "✓" chatter on stderr, and the secret only on stdout.
    expect(created.stderr).not.toContain(token.token);

    const works = await h.request("GET", "/api/v1/plants", { token: token.token });
    expect(works.status).toBe(200);

    const list = await voke(["tokens", "list", "-o", "ndjson"], h.tokens.admin);
    expect(list.code).toBe(0);
    const lines = list.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((t) => t.name)).toContain("ci");
    expect(list.stdout).not.toContain(token.token);
    expect(Object.keys(lines[0]).sort()).toEqual(
      ["createdAt", "expiresAt", "id", "lastUsedAt", "name", "organizationId", "revokedAt", "role"].sort(),
    );

    const noYes = await voke(["tokens", "revoke", token.id], h.tokens.admin);
    expect(noYes.code).toBe(2);
    const revoked = await voke(["tokens", "revoke", token.id, "--yes", "-o", "json"], h.tokens.admin);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout).revokedAt).toBe("2025-06-15T12:00:00.000Z");

    const refused = await voke(["tokens", "list"], token.token);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("TOKEN_REVOKED");
  });

  it("is refused for a non-admin with exit 4, and bad flags are usage errors before any request", async () => {
    h = await createTestHarness();
    const asProvisioner = await voke(
      ["tokens", "create", "--name", "x", "--role", "viewer", "--stdout"],
      h.tokens.provisioner,
    );
    expect(asProvisioner.code).toBe(4);
    const before = h.seen.length;
    for (const args of [
      ["tokens", "create", "--name", "x", "--role", "root"],
      ["tokens", "create", "--name", "x", "--role", "viewer", "--expires-in", "soon"],
      [
        "tokens",
        "create",
        "--name",
        "x",
        "--role",
        "viewer",
        "--expires-in",
        "1d",
        "--expires-at",
        "2030-01-01T00:00:00Z",
      ],
      ["tokens", "revoke", "not-a-uuid", "--yes"],
      ["tokens", "create", "--name", "x", "--role", "viewer"],
      ["tokens", "create", "--name", "x", "--role", "viewer", "--stdout", "--token-file", "t"],
    ]) {
      const result = await voke(args, h.tokens.admin);
      expect(result.code, args.join(" ")).toBe(2);
    }
    expect(h.seen.length).toBe(before);
  });

  it("--token-file writes the secret alone with mode 0600, and never over an existing file", async () => {
    h = await createTestHarness();
    const dir = mkdtempSync(join(tmpdir(), "voke-tokens-"));
    try {
      const file = join(dir, "ci.token");
      const created = await voke(
        ["tokens", "create", "--name", "ci", "--role", "provisioner", "--token-file", file, "-o", "json"],
        h.tokens.admin,
      );
      expect(created.code).toBe(0);
      const secret = readFileSync(file, "utf8");
      expect(secret).toMatch(/^voke_[A-Za-z0-9_-]{43}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(created.stdout)).toMatchObject({ name: "ci", file });
      expect(created.stdout + created.stderr).not.toContain(secret);
      expect((await h.request("GET", "/api/v1/plants", { token: secret })).status).toBe(200);

      const before = h.seen.length;
      const again = await voke(
        ["tokens", "create", "--name", "ci2", "--role", "viewer", "--token-file", file],
        h.tokens.admin,
      );
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("--force");
      expect(h.seen.length).toBe(before); // refused before any token was made
      expect(readFileSync(file, "utf8")).toBe(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses lifetimes in days, hours and minutes", () => {
    expect(parseLifetime("90d")).toBe(90 * 86_400_000);
    expect(parseLifetime("12h")).toBe(12 * 3_600_000);
    expect(parseLifetime("30m")).toBe(1_800_000);
    expect(() => parseLifetime("0d")).toThrow("must be a lifetime like 90d, 12h or 30m");
    expect(() => parseLifetime("1w")).toThrow("must be a lifetime like 90d, 12h or 30m");
  });
});
