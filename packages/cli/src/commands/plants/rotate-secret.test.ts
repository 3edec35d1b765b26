import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./rotate-secret.ts";

// Secret files and pending Idempotency-Keys (config/pending-keys.ts) live here; removed after the file.
const configDir = mkdtempSync(join(tmpdir(), "voke-secret-config-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

let api: RealApi;
let env: Record<string, string>;
let plantId: string;
beforeEach(async () => {
  api = await startRealApi();
  env = { ...api.env, VOKE_CONFIG_DIR: configDir };
  // Rotation is allowed once the plant is provisioned.
  plantId = (await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "TOKEN" })).id;
  const provisioned = await api.harness.request("POST", `/api/v1/plants/${plantId}/provision`);
  expect(provisioned.status).toBe(200);
});
afterEach(() => api.close());

const rotations = () => api.sent.filter((r) => r.path.endsWith("/rotate-secret"));
const secretFile = () => join(mkdtempSync(join(configDir, "voke-rotate-")), "plant.secret");
const SECRET = /^\S{32,}$/;

describe("plants rotate-secret", () => {
  it("writes the new secret alone to --secret-file with mode 0600 and prints the grace period", async () => {
    const file = secretFile();
    const { deps, stdout, stderr } = await createTestDeps({
      env,
      client: api.client,
      globals: { output: "json" },
    });
    await run({ plantId, secretFile: file, stdout: false, force: false }, deps);
    const secret = readFileSync(file, "utf8");
    expect(secret).toMatch(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(stdout())).toEqual({ plantId, file, gracePeriodMinutes: 60 });
    expect(stdout()).not.toContain(secret);
    expect(stderr()).toContain("keeps working for 60 minutes");
  });

  it("refuses an existing file before rotating (exit 2), and replaces it with --force", async () => {
    const file = secretFile();
    writeFileSync(file, "old");
    const createClient = api.createClient;
    const refused = await runVoke(["plants", "rotate-secret", plantId, "--secret-file", file], {
      env,
      createClient,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --force to replace it");
    expect(rotations()).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("old");
    const forced = await runVoke(["plants", "rotate-secret", plantId, "--secret-file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(SECRET);
  });

  it("prints the secret only with --stdout, and needs one of the two", async () => {
    const createClient = api.createClient;
    const printed = await runVoke(["plants", "rotate-secret", plantId, "--stdout", "-o", "json"], {
      env,
      createClient,
    });
    const body = JSON.parse(printed.stdout);
    expect(body).toEqual({ plantId, hmacSecret: expect.stringMatching(SECRET), gracePeriodMinutes: 60 });
    const neither = await runVoke(["plants", "rotate-secret", plantId], { env, createClient });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("pass --secret-file FILE");
    const both = await runVoke(["plants", "rotate-secret", plantId, "--stdout", "--secret-file", "x"], {
      env,
      createClient,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--secret-file and --stdout cannot be combined");
    expect(rotations()).toHaveLength(1);
  });

  it.each([
    ["a dangling symbolic link", (file: string) => symlinkSync(join(dirname(file), "gone"), file)],
    ["a directory", (file: string) => mkdirSync(file)],
  ])("refuses %s as --secret-file before rotating (exit 2), even with --force", async (_, make) => {
    const file = secretFile();
    make(file);
    for (const force of [[], ["--force"]]) {
      const refused = await runVoke(["plants", "rotate-secret", plantId, "--secret-file", file, ...force], {
        env,
        createClient: api.createClient,
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/symbolic link|is a directory/);
    }
    expect(rotations()).toEqual([]);
  });

  it("when the file cannot be written after rotating, the retry sends the same Idempotency-Key and gets the same secret", async () => {
    const file = secretFile();
    const dir = dirname(file);
    let vanish = true;
    // The directory disappears while the server rotates: the answer arrives, the write fails.
    api.onSend((request) => {
      if (vanish && request.path.endsWith("/rotate-secret")) rmSync(dir, { recursive: true });
    });
    const createClient = api.createClient;
    const failed = await runVoke(["plants", "rotate-secret", plantId, "--secret-file", file], {
      env,
      createClient,
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("run the same command again: it gets this same secret back");
    mkdirSync(dir);
    vanish = false;
    const retried = await runVoke(["plants", "rotate-secret", plantId, "--secret-file", file], {
      env,
      createClient,
    });
    expect(retried.code).toBe(0);
    const secret = readFileSync(file, "utf8");
    expect(secret).toMatch(SECRET);
    const keys = rotations().map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^voke-rotate-secret-/);
    expect(keys[1]).toBe(keys[0]);
    // The server replayed the first rotation: asking again with that key gives the secret in the file.
    const replay = await api.harness.request("POST", `/api/v1/plants/${plantId}/rotate-secret`, {
      headers: { "Idempotency-Key": keys[0] as string },
    });
    expect(replay.body.hmacSecret).toBe(secret);
    // Settled: a later, separate rotation gets a key and a secret of its own.
    const later = join(dir, "later.secret");
    await runVoke(["plants", "rotate-secret", plantId, "--secret-file", later], { env, createClient });
    expect(rotations()[2]?.headers.get("idempotency-key")).not.toBe(keys[0]);
    expect(readFileSync(later, "utf8")).not.toBe(secret);
  });
});
