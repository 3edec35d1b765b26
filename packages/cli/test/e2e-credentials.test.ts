/**
 * Credentials through the real `voke` bundle and the real server: `login --with-token` from stdin,
 * `auth status` and where each value comes from, the profile file's mode, and `--debug` traces that
 * never show the API token, an MQTT token or a provisioning package's secrets.
 */

import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvisioningPackage } from "@voke/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  serialNumber,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";

let server: E2eServer;
let entry: string;

beforeAll(async () => {
  [server, entry] = await Promise.all([startE2eServer(), buildVoke()]);
});
afterAll(async () => {
  await server?.stop();
});

interface StatusRow {
  setting: string;
  value: unknown;
  source: string;
}

async function authStatus(voke: VokeRunner, args: string[] = [], env: Record<string, string> = {}) {
  const result = await voke.run(["auth", "status", "-o", "json", ...args], { env });
  const rows = JSON.parse(result.stdout || "[]") as StatusRow[];
  return { ...result, rows: Object.fromEntries(rows.map((row) => [row.setting, row])) };
}

describe("login and auth status", () => {
  // One runner (one config directory) through the whole story: log in, use it, look at the sources.
  let voke: VokeRunner;
  beforeAll(() => {
    voke = createVokeRunner(entry);
  });

  it("login --with-token reads the token from stdin, checks it, and saves it in a 0600 profile file", async () => {
    const result = await voke.run(["login", "--url", server.httpUrl, "--with-token"], {
      stdin: `${server.adminToken}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    // Piped: no "✓ Logged in" (that is for a person at a terminal), and never the token.
    expect(result.stderr).not.toContain("✓");
    expect(result.stderr).not.toContain(server.adminToken);
    const file = join(voke.configDir, "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain(server.adminToken);
  });

  it("later commands use the saved profile", async () => {
    const result = await voke.run(["templates", "list", "-o", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0);
  });

  it("auth status names the profile as the source, and masks the token", async () => {
    const status = await authStatus(voke);
    expect(status.code).toBe(0);
    expect(status.rows["api-url"]).toEqual({
      setting: "api-url",
      value: server.httpUrl,
      source: 'profile "default"',
    });
    expect(status.rows.token?.source).toBe('profile "default"');
    expect(status.rows.token?.value).toMatch(/^.{4}….{4}$/);
    expect(status.rows.profile?.source).toBe("default");
    expect(status.stdout).not.toContain(server.adminToken);
  });

  it("auth status shows the environment and flags overriding the profile, with a warning", async () => {
    const status = await authStatus(voke, ["--api-url", "http://127.0.0.1:9"], {
      VOKE_TOKEN: "voke_from_the_environment_0001",
      VOKE_OUTPUT: "csv",
    });
    expect(status.rows["api-url"]).toMatchObject({ value: "http://127.0.0.1:9", source: "--api-url" });
    expect(status.rows.token?.source).toBe("VOKE_TOKEN");
    expect(status.rows.output?.source).toBe("--output");
    expect(status.stderr).toContain('VOKE_TOKEN overrides the token stored in profile "default"');
  });

  it("a profile without a token: auth status exits 4, a login with a bad token saves nothing", async () => {
    const empty = await authStatus(voke, ["--profile", "ci"]);
    expect(empty.code).toBe(4);
    expect(empty.rows.token).toEqual({ setting: "token", value: null, source: "unset" });

    const rejected = await voke.run(["login", "--profile", "ci", "--url", server.httpUrl, "--with-token"], {
      stdin: "voke_wrong_token_000000000000",
    });
    expect(rejected.code).toBe(4);
    expect(rejected.stderr).toMatch(/^error: UNAUTHORIZED: /);
    expect((await authStatus(voke, ["--profile", "ci"])).rows.token?.source).toBe("unset");
  });

  it("login refuses without --with-token or without a token on stdin (exit 2)", async () => {
    expect((await voke.run(["login", "--with-token"])).code).toBe(2);
    const noFlag = await voke.run(["login"], { stdin: server.adminToken });
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("--with-token");
  });
});

describe("--debug traces", () => {
  let voke: VokeRunner;
  const dir = mkdtempSync(join(tmpdir(), "voke-e2e-debug-"));
  beforeAll(() => {
    voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
  });

  const debugLines = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("debug:"));

  it("trace the requests but never the API token (--debug or VOKE_DEBUG=1)", async () => {
    for (const run of [
      () => voke.run(["--debug", "plants", "list"]),
      () => voke.run(["plants", "list"], { env: { VOKE_DEBUG: "1" } }),
    ]) {
      const result = await run();
      expect(result.code).toBe(0);
      expect(debugLines(result.stderr).some((line) => line.includes("/api/v1/plants"))).toBe(true);
      expect(result.stderr).not.toContain(server.adminToken);
      expect(result.stdout).not.toContain("debug:");
    }
  });

  it("never show a provisioning package's secrets, even when the package itself goes to stdout", async () => {
    const mtls = await server.api.plants.create({
      name: "Debug MTLS",
      serialNumber: serialNumber("DBG"),
      type: "GATEWAY",
    });
    const download = await voke.run(["--debug", "provision", "download", mtls.id, "--stdout"]);
    expect(download.code).toBe(0);
    const pkg = JSON.parse(download.stdout) as ProvisioningPackage;
    expect(pkg.security.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(debugLines(download.stderr).length).toBeGreaterThan(0);
    expect(download.stderr).not.toContain(pkg.security.hmacSecret);
    expect(download.stderr).not.toContain("PRIVATE KEY");
    expect(download.stderr).not.toContain(server.adminToken);

    const secretFile = join(dir, "rotated.secret");
    const rotated = await voke.run([
      "--debug",
      "plants",
      "rotate-secret",
      mtls.id,
      "--secret-file",
      secretFile,
    ]);
    expect(rotated.code).toBe(0);
    const secret = readFileSync(secretFile, "utf8").trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.stderr).not.toContain(secret);
    expect(rotated.stdout).not.toContain(secret);
  });

  it("never show an MQTT token", async () => {
    const plant = await server.api.plants.create({
      name: "Debug TOKEN",
      serialNumber: serialNumber("DBG"),
      type: "SENSOR",
      authMethod: "TOKEN",
    });
    await server.api.plants.provision(plant.id);
    const result = await voke.run(["--debug", "plants", "mqtt-token", plant.id, "-o", "json"]);
    expect(result.code).toBe(0);
    const { token } = JSON.parse(result.stdout) as { token: string };
    expect(token.split(".")).toHaveLength(3);
    expect(debugLines(result.stderr).length).toBeGreaterThan(0);
    expect(result.stderr).not.toContain(token);
  });
});
