import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVoke } from "../../test-support/harness.ts";
import { deviceCommands } from "./index.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const HMAC_SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const dir = mkdtempSync(join(tmpdir(), "voke-simulate-"));

function packageFile(authMethod: "TOKEN" | "PASSWORD", overrides: object = {}): string {
  const topic = (name: string) => `voke/v1/${PLANT_ID}/${name}`;
  const pkg = {
    plantId: PLANT_ID,
    authMethod,
    mqtt: {
      broker: "localhost",
      port: 1,
      clientId: PLANT_ID,
      username: PLANT_ID,
      topics: {
        telemetry: topic("telemetry"),
        status: topic("status"),
        ack: topic("ack"),
        commands: topic("commands"),
      },
    },
    security: { caCert: CA, clientCert: null, clientKey: null, hmacSecret: HMAC_SECRET },
    protocol: {},
    ...overrides,
  };
  const file = join(dir, `${authMethod}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(pkg), { mode: 0o600 });
  return file;
}

const env = { VOKE_CONFIG_DIR: join(dir, "config"), NO_COLOR: "1" };
const simulate = (args: string[], extraEnv: Record<string, string> = {}) =>
  runVoke(["device", "simulate", ...args], { entries: deviceCommands, env: { ...env, ...extraEnv } });

describe("voke device simulate (before connecting)", () => {
  it("needs --package, and names the problem of a bad one without quoting its secrets", async () => {
    const missing = await simulate([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("invalid value for --package: is required");

    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, `{"hmacSecret": "${HMAC_SECRET}"`);
    const broken = await simulate(["--package", notJson]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      `invalid value for --package: provisioning package ${notJson} is not JSON`,
    );
    expect(broken.stderr).not.toContain(HMAC_SECRET);

    const badPort = await simulate(["--package", packageFile("PASSWORD", { plantId: "plant-1" })]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain("plantId must be a UUID");

    const absent = await simulate(["--package", join(dir, "nope.json")]);
    expect(absent.stderr).toContain("no such file");
  });

  it("checks --interval, --mqtt-port and the token flags", async () => {
    const file = packageFile("PASSWORD");
    expect((await simulate(["--package", file, "--interval", "10ms"])).stderr).toContain(
      "invalid value for --interval: must be at least 100ms",
    );
    expect((await simulate(["--package", file, "--interval", "often"])).stderr).toContain(
      "invalid value for --interval: must be a duration",
    );
    expect((await simulate(["--package", file, "--mqtt-port", "70000"])).stderr).toContain(
      "invalid value for --mqtt-port: must be a whole number from 1 to 65535",
    );
    expect((await simulate(["--package", file, "--token", "a.b.c", "--token-from-api"])).stderr).toContain(
      "invalid value for --token-from-api: cannot be combined with --token",
    );
    const notToken = await simulate(["--package", file, "--token-from-api"]);
    expect(notToken.code).toBe(2);
    expect(notToken.stderr).toContain(
      `--token-from-api is for TOKEN plants; plant ${PLANT_ID} uses PASSWORD`,
    );
  });

  it("asks a TOKEN plant for a JWT source, and --token-from-api for an API login", async () => {
    const file = packageFile("TOKEN");
    const none = await simulate(["--package", file]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`plant ${PLANT_ID} uses TOKEN: pass --token-from-api`);
    const notLoggedIn = await simulate(["--package", file, "--token-from-api"]);
    expect(notLoggedIn.code).toBe(4);
    expect(notLoggedIn.stderr).toContain("not logged in");
  });
});
