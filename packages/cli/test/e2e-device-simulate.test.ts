/**
 * `voke device simulate` as a real process against a real TLS MQTT broker (aedes with certificates from
 * a Voke CA): signed status and telemetry, commands answered, refusals, and a clean stop on a signal.
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeEnvelope, type ProvisioningPackage, signEnvelope, verifyEnvelope } from "@voke/device";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestBroker, type TestBroker } from "../../server/test/mqtt-test-broker.ts";
import { buildVoke, createVokeRunner, type RunningVoke, type VokeRunner } from "./e2e-support.ts";

let broker: TestBroker;
let voke: VokeRunner;
const running: RunningVoke[] = [];
const dir = mkdtempSync(join(tmpdir(), "voke-e2e-simulate-"));

beforeAll(async () => {
  [broker, voke] = await Promise.all([
    startTestBroker(),
    buildVoke().then((entry) => createVokeRunner(entry)),
  ]);
});
afterEach(async () => {
  broker.refuseWith = undefined;
  await Promise.all(running.splice(0).map((process) => process.stop("SIGKILL")));
});
afterAll(async () => {
  await broker?.close();
});

function packageFile(pkg: ProvisioningPackage): string {
  const file = join(dir, `voke-${pkg.plantId}.json`);
  writeFileSync(file, JSON.stringify(pkg), { mode: 0o600 });
  return file;
}

function simulate(args: string[], stdin?: string): RunningVoke {
  const process = voke.spawn(
    ["device", "simulate", "--interval", "200ms", ...args],
    stdin === undefined ? {} : { stdin },
  );
  running.push(process);
  return process;
}

/** The bodies a plant published on one of its topics, each checked against the plant's HMAC secret. */
function verifiedBodies(pkg: ProvisioningPackage, topic: keyof ProvisioningPackage["mqtt"]["topics"]) {
  return broker.published
    .filter((message) => message.topic === pkg.mqtt.topics[topic])
    .map((message) => {
      const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, message.payload);
      if (!check.ok) throw new Error(`bad envelope on ${topic}: ${check.message}`);
      return check.body;
    });
}

function sendCommand(pkg: ProvisioningPackage, cmdId: string, command = "reboot") {
  const body = {
    ts: new Date().toISOString(),
    nonce: `nonce-${cmdId}`,
    cmdId,
    command,
    payload: { delayS: 1 },
    target: null,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
  return broker.publish(
    pkg.mqtt.topics.commands,
    encodeEnvelope(signEnvelope(pkg.plantId, pkg.security.hmacSecret, body)),
  );
}

describe("voke device simulate", () => {
  it("MTLS: reports status once, signed telemetry every interval, answers commands OK, stops cleanly on SIGTERM", async () => {
    const pkg = await broker.packageFor("MTLS");
    const sim = simulate(["--package", packageFile(pkg)]);
    await sim.waitForStderr(/connected plant /);
    await broker.until(() => verifiedBodies(pkg, "telemetry").length >= 3, "three telemetry messages");

    expect(broker.connects.find((c) => c.clientId === pkg.plantId)?.certificateCommonName).toBe(pkg.plantId);
    const status = verifiedBodies(pkg, "status");
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({
      esiState: "PLC_READY",
      capacityKwh: 10,
      fvePeakPowerKwp: 6.5,
      plantWithLoad: true,
      configEnabled: true,
    });
    const metrics = verifiedBodies(pkg, "telemetry").map((body) => body.metrics as Record<string, number>);
    for (const name of ["producedKwh", "importedKwh", "exportedKwh", "powerKw", "soc", "temperatureC"]) {
      expect(typeof metrics[0]?.[name]).toBe("number");
    }
    for (let i = 1; i < metrics.length; i++) {
      expect(metrics[i]?.producedKwh).toBeGreaterThanOrEqual(metrics[i - 1]?.producedKwh as number);
    }

    await sendCommand(pkg, "cmd-ok-1");
    await broker.until(() => verifiedBodies(pkg, "ack").length === 1, "the ack");
    expect(verifiedBodies(pkg, "ack")[0]).toMatchObject({
      cmdId: "cmd-ok-1",
      status: "OK",
      response: { simulated: true, command: "reboot" },
    });
    await sim.waitForStderr(/command acked reboot cmdId=cmd-ok-1 status=OK/);

    const result = await sim.stop("SIGTERM");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT\S+Z \S/.test(line))).toBe(true);
    expect(result.stderr).toMatch(/command received reboot cmdId=cmd-ok-1 payload=\{"delayS":1\}/);
    expect(result.stderr).toMatch(/telemetry sent producedKwh=/);
    expect(result.stderr).toMatch(
      /stopping SIGTERM\n.*disconnected DISCONNECT sent\n.*stopped on request\n$/,
    );
    await broker.until(() => broker.client(pkg.plantId) === undefined, "the session to end");
    // Nothing secret reaches the log.
    expect(result.stderr).not.toContain(pkg.security.hmacSecret);
  });

  it("PASSWORD with --fail-commands: answers ERROR; stops on SIGINT", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const sim = simulate(["--package", packageFile(pkg), "--fail-commands"]);
    await sim.waitForStderr(/connected plant /);
    expect(broker.connects.find((c) => c.clientId === pkg.plantId)).toMatchObject({
      username: pkg.plantId,
      password: pkg.security.hmacSecret,
    });
    await sendCommand(pkg, "cmd-fail-1", "set-limit");
    await broker.until(() => verifiedBodies(pkg, "ack").length === 1, "the ack");
    expect(verifiedBodies(pkg, "ack")[0]).toMatchObject({
      cmdId: "cmd-fail-1",
      status: "ERROR",
      response: { message: "simulated failure (--fail-commands)" },
    });
    const result = await sim.stop("SIGINT");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("disconnected DISCONNECT sent");
  });

  it("TOKEN with --token - reads the JWT from stdin and logs in with it", async () => {
    const pkg = await broker.packageFor("TOKEN");
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudCJ9.c2lnbmF0dXJl";
    const sim = simulate(["--package", packageFile(pkg), "--token", "-"], `${jwt}\n`);
    await sim.waitForStderr(/connected plant /);
    expect(broker.connects.find((c) => c.clientId === pkg.plantId)).toMatchObject({
      username: pkg.plantId,
      password: jwt,
    });
    expect((await sim.stop()).stderr).not.toContain(jwt);
  });

  it("refused with --exit-on-refusal: exits 4 naming the refusal", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    broker.refuseWith = 5;
    const result = await simulate(["--package", packageFile(pkg), "--exit-on-refusal"]).exited;
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/refused CONNECTION_REFUSED: /);
    expect(result.stderr).toContain(`error: the broker refused plant ${pkg.plantId}`);
  });

  it("refused without --exit-on-refusal: keeps retrying with backoff and connects once allowed", async () => {
    const pkg = await broker.packageFor("MTLS");
    broker.refuseWith = 4;
    const sim = simulate(["--package", packageFile(pkg)]);
    await sim.waitForStderr(/refused CONNECTION_REFUSED: [^\n]*\n[^\n]*retrying in \d+\.\ds \(attempt 2\)/);
    broker.refuseWith = undefined;
    await sim.waitForStderr(/connected plant /, 20_000);
    expect((await sim.stop()).code).toBe(0);
  });

  it("cut off by the broker and then refused, with --exit-on-refusal: exits 4", async () => {
    const pkg = await broker.packageFor("MTLS");
    const sim = simulate(["--package", packageFile(pkg), "--exit-on-refusal"]);
    await sim.waitForStderr(/connected plant /);
    broker.refuseWith = 5;
    broker.client(pkg.plantId)?.close();
    const result = await sim.exited;
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/disconnected [^\n]*\n/);
    expect(result.stderr).toMatch(/refused CONNECTION_REFUSED/);
    expect(result.stderr).toContain("stopped the broker refused the plant");
  });

  it("--debug shows the connection's own log lines, never the package's secrets", async () => {
    const pkg = await broker.packageFor("MTLS");
    const sim = simulate(["--package", packageFile(pkg), "--debug"]);
    await sim.waitForStderr(/telemetry sent/);
    const result = await sim.stop();
    expect(result.stderr).toMatch(/debug: mqtt info plant connected/);
    expect(result.stderr).not.toContain(pkg.security.hmacSecret);
    expect(result.stderr).not.toContain("PRIVATE KEY");
  });
});
