// The broker's defences with real clients (mqtt.js, mosquitto_sub/pub, openssl s_client) over real TLS: one
// identity per session, every session closed on suspend, tokens that follow the lifecycle, quotas, MQTT 5,
// AEAD-only TLS, and refusals counted by reason and logged once per interval.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import {
  type BrokerFixture,
  closed,
  eventually,
  fresh,
  publishSigned,
  signedPayload,
  startBrokerFixture,
  type TestPlant,
} from "./broker-test-fixture.ts";

let fx: BrokerFixture;
let dir: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "voke-hardening-"));
  fx = await startBrokerFixture({
    logger: createLogger({ level: "info", write: (line) => void logLines.push(line) }),
    limits: { telemetryPerSecond: 1, telemetryBytesPerDay: 100_000, refusalLogIntervalSeconds: 1 },
  });
});
afterAll(async () => {
  await fx.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fx.clock.set(new Date());
});

/** Runs a command without blocking this process (the broker under test lives in it). */
function run(
  command: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill(), 10_000);
  return new Promise((resolve) =>
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

function refusals(plantId: string) {
  return fx.services.plants.get(fx.admin, plantId).refusals;
}

/** CA (and, for MTLS, client certificate and key) of the plant in files, for the mosquitto clients and openssl. */
async function files(plant: TestPlant): Promise<{ ca: string; cert: string; key: string }> {
  const base = join(dir, plant.id);
  const paths = { ca: `${base}-ca.pem`, cert: `${base}-cert.pem`, key: `${base}-key.pem` };
  await writeFile(paths.ca, plant.package.security.caCert, { mode: 0o600 });
  await writeFile(paths.cert, plant.package.security.clientCert ?? "", { mode: 0o600 });
  await writeFile(paths.key, plant.package.security.clientKey ?? "", { mode: 0o600 });
  return paths;
}

function mosquittoArgs(paths: { ca: string; cert: string; key: string }, clientId: string): string[] {
  return [
    "-V",
    "mqttv311",
    "-h",
    "localhost",
    "-p",
    String(fx.broker.port),
    "--cafile",
    paths.ca,
    "--cert",
    paths.cert,
    "--key",
    paths.key,
    "-i",
    clientId,
    "-q",
    "1",
  ];
}

describe("one identity per session", () => {
  it("refuses a case variant of the plant id from mqtt.js and mosquitto_pub, stores nothing, and counts it", async () => {
    const plant = await fx.createPlant("MTLS");
    const upper = plant.id.toUpperCase();
    expect(await fx.refusedConnect(plant, { clientId: upper })).toBe(2);

    const pub = await run("mosquitto_pub", [
      ...mosquittoArgs(await files(plant), upper),
      "-t",
      plant.topics.telemetry,
      "-m",
      signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), metrics: { soc: 1 } }),
    ]);
    expect(pub.status).not.toBe(0);
    expect(pub.stderr).toMatch(/identifier rejected/i);
    expect(
      fx.store.telemetry.listForPlant(plant.id, "1970-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z"),
    ).toEqual([]);
    await eventually(() => refusals(plant.id).AUTHENTICATION.BAD_CLIENT_ID === 2);
  });

  it("lets a device hold <id>:sub (mosquitto_sub) and <id> (mqtt.js) at once, and suspend closes both", async () => {
    const plant = await fx.createPlant("MTLS");
    const sub = spawn(
      "mosquitto_sub",
      [...mosquittoArgs(await files(plant), `${plant.id}:sub`), "-t", plant.topics.commands, "-C", "2"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let received = "";
    sub.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      received += chunk;
    });
    const subExited = new Promise<number | null>((resolve) => sub.once("exit", (code) => resolve(code)));
    await eventually(() => fx.plant(plant.id).status === "ONLINE", 10_000);

    // The publisher connects with the plain id: the subscriber keeps its session and still gets the command.
    const pub = await fx.connect(plant);
    await publishSigned(pub, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { soc: 5 } });
    const command = fx.queueCommand(plant.id, "ping");
    await eventually(() => received.includes(command.cmdId), 10_000);

    const pubClosed = closed(pub);
    fx.services.plants.suspend(fx.admin, plant.id);
    await pubClosed;
    // mosquitto_sub reconnects, is refused (suspended) and gives up.
    expect(await subExited).not.toBe(0);
    expect(fx.broker.gateway.isOnline(plant.id)).toBe(false);
    expect(fx.plant(plant.id)).toMatchObject({ status: "OFFLINE", lifecycleStatus: "SUSPENDED" });
  });

  it("caps the sessions one plant may hold", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const held = [];
    for (const suffix of ["a", "b", "c", "d"])
      held.push(await fx.connect(plant, { clientId: `${plant.id}:${suffix}` }));
    expect(await fx.refusedConnect(plant, { clientId: `${plant.id}:e` })).toBe(5);
    // Taking over one of its own ids is not another session.
    held.push(await fx.connect(plant, { clientId: `${plant.id}:a` }));
    await eventually(() => refusals(plant.id).AUTHENTICATION.TOO_MANY_SESSIONS === 1);
  });
});

describe("MQTT tokens follow the lifecycle", () => {
  it("refuses a JWT from before a suspend after reactivate, and one from before a re-provision", async () => {
    const plant = await fx.createPlant("TOKEN");
    const before = await fx.services.plantCredentials.issueMqttToken(fx.admin, plant.id);
    fx.services.plants.suspend(fx.admin, plant.id);
    fx.services.plants.reactivate(fx.admin, plant.id);
    expect(await fx.refusedConnect(plant, { password: before.token })).toBe(4);
    await eventually(() => refusals(plant.id).AUTHENTICATION.TOKEN_SUPERSEDED === 1);

    const after = await fx.services.plantCredentials.issueMqttToken(fx.admin, plant.id);
    const client = await fx.connect(plant, { password: after.token });
    await client.endAsync();
    await fx.services.plantCredentials.provision(fx.admin, plant.id);
    expect(await fx.refusedConnect(plant, { password: after.token })).toBe(4);
  });
});

describe("per-plant telemetry quotas", () => {
  it("refuses and counts telemetry over the messages-per-second quota", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = await fx.connect(plant);
    // 1 message/s allows a burst of 60; the test clock stands still, so nothing refills.
    for (let i = 0; i < 65; i++) {
      await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { soc: i } });
    }
    await eventually(() => refusals(plant.id).MESSAGE.QUOTA_EXCEEDED === 5);
    expect(
      fx.store.telemetry.listForPlant(plant.id, "1970-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z"),
    ).toHaveLength(60);
  });

  it("refuses and counts telemetry over the bytes-per-day quota", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = await fx.connect(plant);
    const padding = "x".repeat(40_000); // fields beyond metrics are ignored, but their bytes count
    for (let i = 0; i < 3; i++) {
      await publishSigned(client, plant, plant.topics.telemetry, {
        ...fresh(fx.clock),
        metrics: { soc: i },
        padding,
      });
    }
    await eventually(() => refusals(plant.id).MESSAGE.QUOTA_EXCEEDED === 1);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(1);
  });
});

describe("visible refusals", () => {
  it("refuses an MQTT 5 CONNECT and counts it against the plant it names", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = mqtt.connect({
      host: "localhost",
      port: fx.broker.port,
      protocol: "mqtts",
      protocolVersion: 5,
      ca: plant.package.security.caCert,
      clientId: plant.id,
      username: plant.id,
      password: plant.secret,
      reconnectPeriod: 0,
    });
    client.on("error", () => {});
    let connected = false;
    client.on("connect", () => {
      connected = true;
    });
    await new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.end(true);
    expect(connected).toBe(false);
    await eventually(() => refusals(plant.id).AUTHENTICATION.MQTT5_UNSUPPORTED === 1);
  });

  it("logs refusals at warn, one line per plant and reason per interval with a count, and plain TCP too", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = await fx.connect(plant);
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({ ...fresh(fx.clock), metrics: { soc: i } });
      await client.publishAsync(plant.topics.telemetry, JSON.stringify({ body, sig: "0".repeat(64) }), {
        qos: 1,
      });
    }
    const http = connectTcp({ host: "127.0.0.1", port: fx.broker.port });
    http.on("error", () => {});
    http.end("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((resolve) => http.once("close", resolve));

    const mine = () =>
      logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter(
          (line) =>
            line.msg === "mqtt refusals" &&
            (line.plantId === plant.id || line.reason === "TLS_HANDSHAKE_FAILED"),
        );
    await eventually(() => mine().length >= 2, 5000);
    expect(mine()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: "warn",
          kind: "MESSAGE",
          plantId: plant.id,
          reason: "BAD_SIGNATURE",
          count: 5,
        }),
        expect.objectContaining({ level: "warn", kind: "CONNECTION", reason: "TLS_HANDSHAKE_FAILED" }),
      ]),
    );
    expect(mine().filter((line) => line.plantId === plant.id)).toHaveLength(1);
    expect(refusals(plant.id)).toEqual({ AUTHENTICATION: {}, MESSAGE: { BAD_SIGNATURE: 5 } });
    expect(fx.plant(plant.id)).toMatchObject({ authFailureCount: 0, messageRefusalCount: 5 });
  });
});

describe("TLS", () => {
  it("speaks TLS 1.2 with AEAD suites only: openssl s_client with AES128-SHA or AES256-SHA fails", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const { ca } = await files(plant);
    const handshake = (...extra: string[]) =>
      run("openssl", [
        "s_client",
        "-connect",
        `127.0.0.1:${fx.broker.port}`,
        "-servername",
        "localhost",
        "-CAfile",
        ca,
        ...extra,
      ]);
    for (const cipher of ["AES128-SHA", "AES256-SHA", "ECDHE-ECDSA-AES128-SHA"]) {
      expect((await handshake("-tls1_2", "-cipher", cipher)).status).not.toBe(0);
    }
    const aead = await handshake("-tls1_2");
    expect(aead.status).toBe(0);
    expect(aead.stdout).toMatch(/Cipher is ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)/);
  });
});
