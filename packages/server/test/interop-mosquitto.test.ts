/**
 * Interop with programs nobody here wrote: openssl s_client validates the broker's chain against the
 * package's CA; mosquitto_sub/mosquitto_pub, with the certificate files from a package, receive a command
 * and publish an ack signed with `openssl dgst -sha256 -hmac`, which the API then shows as SUCCEEDED.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvisioningPackage } from "@voke/device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, provisionPlant, startVoke, type VokeUnderTest } from "./device-loop-support.ts";
import { requireTool } from "./required-tool.ts";

let voke: VokeUnderTest;
let dir: string;

beforeAll(async () => {
  requireTool("mosquitto_pub", "mosquitto-clients");
  requireTool("mosquitto_sub", "mosquitto-clients");
  requireTool("openssl", "openssl");
  voke = await startVoke();
  dir = await mkdtemp(join(tmpdir(), "voke-interop-"));
});
afterAll(async () => {
  await voke?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; never throws for a non-zero exit (the test asserts on `code`). */
function run(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 15_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // The program may exit before reading its input (a refused connection): EPIPE is not a failure.
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input ?? "");
  });
}

/** The package's PEMs as files, as the recipe in docs/protocol.md extracts them (keys mode 0600). */
async function writePackageFiles(pkg: ProvisioningPackage, name: string) {
  const files = {
    ca: join(dir, `${name}-ca.pem`),
    cert: join(dir, `${name}-client.pem`),
    key: join(dir, `${name}-client.key`),
  };
  await writeFile(files.ca, pkg.security.caCert, { mode: 0o600 });
  if (pkg.security.clientCert) await writeFile(files.cert, pkg.security.clientCert, { mode: 0o600 });
  if (pkg.security.clientKey) await writeFile(files.key, pkg.security.clientKey, { mode: 0o600 });
  return files;
}

/** `printf '%s' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$HMAC_SECRET" -r | cut -d' ' -f1`, exactly as documented. */
async function opensslSignature(plantId: string, secret: string, body: string): Promise<string> {
  const result = await run(
    "bash",
    ["-c", `printf '%s' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$HMAC_SECRET" -r | cut -d' ' -f1`],
    {
      env: { PLANT_ID: plantId, BODY: body, HMAC_SECRET: secret },
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe("openssl s_client", () => {
  it("validates the broker's certificate chain and name against the package's caCert", async () => {
    const { pkg } = await provisionPlant(voke.api, "PASSWORD", "interop-tls");
    const files = await writePackageFiles(pkg, "tls");
    const result = await run("openssl", [
      "s_client",
      "-verify_return_error",
      "-CAfile",
      files.ca,
      "-connect",
      `127.0.0.1:${voke.mqttPort}`,
      "-servername",
      "localhost",
      "-verify_hostname",
      "localhost",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Verify return code: 0 (ok)");
  });

  it("fails against a CA that did not issue the broker's certificate", async () => {
    const otherKey = join(dir, "other-ca.key");
    const otherCa = join(dir, "other-ca.pem");
    const made = await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-subj",
      "/CN=Not the Voke CA",
      "-days",
      "1",
      "-keyout",
      otherKey,
      "-out",
      otherCa,
    ]);
    expect(made.code, made.stderr).toBe(0);
    const result = await run("openssl", [
      "s_client",
      "-verify_return_error",
      "-CAfile",
      otherCa,
      "-connect",
      `127.0.0.1:${voke.mqttPort}`,
    ]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /unable to get local issuer certificate|certificate verify failed/,
    );
  });
});

describe("mosquitto clients", () => {
  it("MTLS: mosquitto_sub receives a signed command, mosquitto_pub sends an openssl-signed ack, the API shows SUCCEEDED", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS", "interop-mtls");
    const files = await writePackageFiles(pkg, "mtls");
    const secret = pkg.security.hmacSecret;
    const tls = [
      "-V",
      "mqttv311",
      "-h",
      "localhost",
      "-p",
      String(voke.mqttPort),
      "-i",
      plantId,
      "--cafile",
      files.ca,
      "--cert",
      files.cert,
      "--key",
      files.key,
    ];

    // Queued while the plant is offline; the broker publishes it as soon as mosquitto_sub subscribes.
    const command = await voke.api.commands.send(plantId, { command: "setExportLimit", payload: { kw: 7 } });
    // The recipe's subscriber connects as <plantId>:sub, a second session of the plant (docs/protocol.md).
    const sub = await run("mosquitto_sub", [
      ...tls.map((arg) => (arg === plantId ? `${plantId}:sub` : arg)),
      "-q",
      "1",
      "-t",
      pkg.mqtt.topics.commands,
      "-C",
      "1",
      "-W",
      "10",
    ]);
    expect(sub.code, sub.stderr).toBe(0);

    const message = JSON.parse(sub.stdout.trim()) as { body: string; sig: string };
    expect(await opensslSignature(plantId, secret, message.body)).toBe(message.sig);
    const body = JSON.parse(message.body) as Record<string, unknown>;
    expect(body).toMatchObject({ cmdId: command.cmdId, command: "setExportLimit", payload: { kw: 7 } });
    expect(typeof body.ts).toBe("string");
    expect(typeof body.nonce).toBe("string");

    const ack = JSON.stringify({
      ts: new Date().toISOString(),
      nonce: `mosquitto-${Date.now()}`,
      cmdId: body.cmdId,
      status: "OK",
      response: { exportLimitKw: 7, via: "mosquitto_pub" },
    });
    const payload = JSON.stringify({ body: ack, sig: await opensslSignature(plantId, secret, ack) });
    const pub = await run("mosquitto_pub", [...tls, "-q", "1", "-t", pkg.mqtt.topics.ack, "-m", payload]);
    expect(pub.code, pub.stderr).toBe(0);

    const done = await eventually(
      async () => (await voke.api.commands.list(plantId)).data.find((c) => c.id === command.id),
      (c) => c?.status === "SUCCEEDED",
      "the command to be SUCCEEDED",
    );
    expect(done).toMatchObject({
      responseStatus: "OK",
      response: { exportLimitKw: 7, via: "mosquitto_pub" },
    });
    const plant = await voke.api.plants.get(plantId);
    expect(plant).toMatchObject({ lifecycleStatus: "ACTIVE", authFailureCount: 0 });
  });

  it("PASSWORD: mosquitto_pub (credentials from its options file, not argv) publishes signed telemetry the API counts", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD", "interop-password");
    const files = await writePackageFiles(pkg, "password");
    const configHome = await mkdtemp(join(dir, "xdg-"));
    // mosquitto_pub reads default options from $XDG_CONFIG_HOME/mosquitto_pub, one per line.
    await writeFile(join(configHome, "mosquitto_pub"), `-u ${plantId}\n-P ${pkg.security.hmacSecret}\n`, {
      mode: 0o600,
    });

    const publish = async (metrics: Record<string, number>) => {
      const body = JSON.stringify({ ts: new Date().toISOString(), nonce: crypto.randomUUID(), metrics });
      const payload = JSON.stringify({
        body,
        sig: await opensslSignature(plantId, pkg.security.hmacSecret, body),
      });
      const pub = await run(
        "mosquitto_pub",
        [
          "-V",
          "mqttv311",
          "-h",
          "localhost",
          "-p",
          String(voke.mqttPort),
          "-i",
          plantId,
          "--cafile",
          files.ca,
          "-q",
          "1",
          "-t",
          pkg.mqtt.topics.telemetry,
          "-m",
          payload,
        ],
        { env: { XDG_CONFIG_HOME: configHome } },
      );
      expect(pub.code, pub.stderr).toBe(0);
    };
    await publish({ producedKwh: 50, exportedKwh: 5 });
    await publish({ producedKwh: 58, exportedKwh: 7 });

    const energy = await eventually(
      () => voke.api.plants.energyToday(plantId),
      (e) => e.produced > 0,
      "today's energy",
    );
    expect(energy).toMatchObject({ produced: 8, exported: 2, selfConsumptionPct: 75 });
    expect(await voke.api.plants.get(plantId)).toMatchObject({
      lifecycleStatus: "ACTIVE",
      authFailureCount: 0,
    });
  });

  it("a wrong password from mosquitto_pub is refused (not authorised) and counted", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD", "interop-wrong");
    const files = await writePackageFiles(pkg, "wrong");
    const configHome = await mkdtemp(join(dir, "xdg-"));
    await writeFile(join(configHome, "mosquitto_pub"), `-u ${plantId}\n-P ${"0".repeat(64)}\n`, {
      mode: 0o600,
    });
    const pub = await run(
      "mosquitto_pub",
      [
        "-V",
        "mqttv311",
        "-h",
        "localhost",
        "-p",
        String(voke.mqttPort),
        "-i",
        plantId,
        "--cafile",
        files.ca,
        "-q",
        "1",
        "-t",
        pkg.mqtt.topics.telemetry,
        "-m",
        "{}",
      ],
      { env: { XDG_CONFIG_HOME: configHome } },
    );
    expect(pub.code).not.toBe(0);
    expect(pub.stderr).toMatch(/not authori[sz]ed|bad user ?name or password/i);
    expect((await voke.api.plants.get(plantId)).authFailureCount).toBe(1);
  });
});
