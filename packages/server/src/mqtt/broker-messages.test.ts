// Device messages through the real broker: signed telemetry stored and alert rules fired with their cooldown,
// status fields applied, and every bad message (signature, replay, stale, JSON, topic) dropped and counted.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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

beforeAll(async () => {
  fx = await startBrokerFixture();
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => {
  fx.clock.set(new Date());
});

const telemetryOf = (plantId: string) =>
  fx.store.db.sqlite
    .prepare(
      `SELECT ts, metrics, received_at FROM (
         SELECT *, 0 AS staged FROM telemetry UNION ALL SELECT *, 1 AS staged FROM telemetry_recent
       ) WHERE plant_id = ? ORDER BY staged, id`,
    )
    .all(plantId) as {
    ts: string;
    metrics: string;
    received_at: string;
  }[];

const alertsOf = (plantId: string) =>
  fx.store.db.sqlite
    .prepare(
      "SELECT rule_id, type, severity, status, message, metric, value FROM alerts WHERE plant_id = ? ORDER BY created_at, rowid",
    )
    .all(plantId) as Record<string, unknown>[];

function addRule(rule: {
  organizationId?: string;
  plantId: string | null;
  metric: string;
  condition: "LT" | "GT" | "EQ";
  threshold: number;
  severity?: string;
  cooldownMinutes?: number;
  enabled?: boolean;
  name?: string;
}): string {
  const id = randomUUID();
  const now = fx.clock.now().toISOString();
  fx.store.db.sqlite
    .prepare(
      `INSERT INTO alert_rules (id, organization_id, plant_id, name, metric, condition, threshold, severity,
         cooldown_minutes, enabled, last_triggered_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    )
    .run(
      id,
      rule.organizationId ?? fx.organizationId,
      rule.plantId,
      rule.name ?? `${rule.metric} ${rule.condition} ${rule.threshold}`,
      rule.metric,
      rule.condition,
      rule.threshold,
      rule.severity ?? "WARNING",
      rule.cooldownMinutes ?? 15,
      rule.enabled === false ? 0 : 1,
      now,
      now,
    );
  return id;
}

const lastTriggeredAt = (ruleId: string) =>
  (
    fx.store.db.sqlite.prepare("SELECT last_triggered_at FROM alert_rules WHERE id = ?").get(ruleId) as {
      last_triggered_at: string | null;
    }
  ).last_triggered_at;

async function online(
  authMethod: "PASSWORD" | "MTLS" = "PASSWORD",
): Promise<{ plant: TestPlant; client: MqttClient }> {
  const plant = await fx.createPlant(authMethod);
  const client = await fx.connect(plant);
  return { plant, client };
}

/** Waits until the broker has handled everything the client sent, by round-tripping one accepted message. */
async function settle(client: MqttClient, plant: TestPlant): Promise<void> {
  const before = telemetryOf(plant.id).length;
  await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { settle: 1 } });
  await eventually(() => telemetryOf(plant.id).length === before + 1);
}

describe("telemetry", () => {
  it("stores each signed message with the device's time and moves lastSeenAt", async () => {
    const { plant, client } = await online();
    const deviceTime = new Date(fx.clock.now().getTime() - 30_000);
    fx.clock.advance(5_000);
    await publishSigned(client, plant, plant.topics.telemetry, {
      ts: deviceTime.toISOString().replace("Z", "+00:00"),
      nonce: randomUUID(),
      metrics: { producedKwh: 12.5, socPct: 71 },
    });
    const rows = await eventually(() => telemetryOf(plant.id).length === 1 && telemetryOf(plant.id));
    expect(rows[0]).toEqual({
      ts: deviceTime.toISOString(),
      metrics: JSON.stringify({ producedKwh: 12.5, socPct: 71 }),
      received_at: fx.clock.now().toISOString(),
    });
    await eventually(() => fx.plant(plant.id).lastSeenAt === fx.clock.now().toISOString());
    expect(fx.plant(plant.id).messageRefusalCount).toBe(0);
  });

  it("keeps every message of a burst at QoS 1", async () => {
    const { plant, client } = await online();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { seq: i } }),
      ),
    );
    const rows = await eventually(() => telemetryOf(plant.id).length === 200 && telemetryOf(plant.id));
    expect(new Set(rows.map((row) => (JSON.parse(row.metrics) as { seq: number }).seq)).size).toBe(200);
  });

  it("PUBACKs a message only once its row is committed", async () => {
    const { plant, client } = await online();
    const storedAtPuback: boolean[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await publishSigned(client, plant, plant.topics.telemetry, {
          ...fresh(fx.clock),
          metrics: { seq: i },
        });
        storedAtPuback.push(telemetryOf(plant.id).some((row) => JSON.parse(row.metrics).seq === i));
      }),
    );
    expect(storedAtPuback).toHaveLength(100);
    expect(storedAtPuback.every(Boolean)).toBe(true);
  });

  it("never PUBACKs a message whose write failed: the session closes so the device sends it again", async () => {
    const { plant, client } = await online();
    const poison = signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), metrics: { poison: 1 } });
    // A storage failure on one message only, as a full disk or a broken file would give.
    fx.store.db.sqlite.exec(
      `CREATE TRIGGER poison BEFORE INSERT ON telemetry_recent WHEN NEW.metrics LIKE '%poison%'
       BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END`,
    );
    try {
      const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
      let acked = false;
      const poisoned = client.publishAsync(plant.topics.telemetry, poison, { qos: 1 }).then(() => {
        acked = true;
      });
      poisoned.catch(() => {});
      const good = publishSigned(client, plant, plant.topics.telemetry, {
        ...fresh(fx.clock),
        metrics: { ok: 1 },
      });
      good.catch(() => {});
      await closed;
      expect(acked).toBe(false);
      expect(telemetryOf(plant.id).map((row) => JSON.parse(row.metrics))).toEqual([{ ok: 1 }]);
      expect(fx.plant(plant.id).messageRefusalCount).toBe(0);
    } finally {
      fx.store.db.sqlite.exec("DROP TRIGGER poison");
      client.end(true);
    }
    // The rolled-back write gave its nonce back: the same message, sent again as a retransmission, is stored.
    const again = await fx.connect(plant);
    try {
      await again.publishAsync(plant.topics.telemetry, poison, { qos: 1, dup: true });
      await eventually(() => telemetryOf(plant.id).length === 2);
      expect(telemetryOf(plant.id).map((row) => JSON.parse(row.metrics))).toEqual([{ ok: 1 }, { poison: 1 }]);
      expect(fx.plant(plant.id).messageRefusalCount).toBe(0);
    } finally {
      again.end(true);
    }
  });

  it("accepts messages signed with the previous secret during its grace period only", async () => {
    const { plant, client } = await online();
    const { hmacSecret } = fx.services.plantCredentials.rotateSecret(fx.admin, plant.id);
    await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { old: 1 } });
    await publishSigned(client, { ...plant, secret: hmacSecret }, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { fresh: 1 },
    });
    await eventually(() => telemetryOf(plant.id).length === 2);

    fx.clock.advance(61 * 60_000);
    await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { old: 2 } });
    await settle(client, { ...plant, secret: hmacSecret });
    expect(telemetryOf(plant.id).map((row) => row.metrics)).not.toContain(JSON.stringify({ old: 2 }));
    expect(fx.plant(plant.id).messageRefusalCount).toBe(1);
  });
});

describe("alert rules", () => {
  it("raises plant and organization-wide rules, skips disabled and foreign ones, and honours the cooldown", async () => {
    const { plant, client } = await online();
    const hot = addRule({
      plantId: plant.id,
      metric: "tempC",
      condition: "GT",
      threshold: 60,
      severity: "CRITICAL",
      cooldownMinutes: 10,
      name: "Hot",
    });
    const low = addRule({
      plantId: null,
      metric: "socPct",
      condition: "LT",
      threshold: 20,
      severity: "INFO",
    });
    addRule({ plantId: plant.id, metric: "tempC", condition: "GT", threshold: 10, enabled: false });
    const otherOrganization = randomUUID();
    const now = fx.clock.now().toISOString();
    fx.store.organizations.insert({ id: otherOrganization, name: "other", createdAt: now, updatedAt: now });
    addRule({
      organizationId: otherOrganization,
      plantId: null,
      metric: "tempC",
      condition: "GT",
      threshold: 0,
    });

    await publishSigned(client, plant, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { tempC: 72.5, socPct: 15 },
    });
    await eventually(() => alertsOf(plant.id).length === 2);
    expect(alertsOf(plant.id)).toEqual(
      expect.arrayContaining([
        {
          rule_id: hot,
          type: "THRESHOLD_EXCEEDED",
          severity: "CRITICAL",
          status: "ACTIVE",
          message: 'tempC is 72.5, above the threshold 60 (rule "Hot")',
          metric: "tempC",
          value: 72.5,
        },
        expect.objectContaining({ rule_id: low, severity: "INFO", metric: "socPct", value: 15 }),
      ]),
    );
    expect(lastTriggeredAt(hot)).toBe(fx.clock.now().toISOString());

    // Within the cooldown: no new alert. Below the threshold: none either.
    fx.clock.advance(9 * 60_000);
    await publishSigned(client, plant, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { tempC: 80 },
    });
    await publishSigned(client, plant, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { socPct: 50 },
    });
    await settle(client, plant);
    expect(alertsOf(plant.id)).toHaveLength(2);

    fx.clock.advance(60_000);
    await publishSigned(client, plant, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { tempC: 61 },
    });
    await eventually(() => alertsOf(plant.id).length === 3);
    expect(lastTriggeredAt(hot)).toBe(fx.clock.now().toISOString());
  });

  it("fires EQ rules on an exact match", async () => {
    const { plant, client } = await online();
    addRule({ plantId: plant.id, metric: "fault", condition: "EQ", threshold: 3 });
    await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { fault: 2 } });
    await publishSigned(client, plant, plant.topics.telemetry, { ...fresh(fx.clock), metrics: { fault: 3 } });
    await eventually(() => alertsOf(plant.id).length === 1);
    expect(alertsOf(plant.id)[0]).toMatchObject({
      metric: "fault",
      value: 3,
      message: expect.stringContaining("equal to"),
    });
  });
});

describe("status", () => {
  it("updates the fields the plant reports about itself, leaving the others", async () => {
    const { plant, client } = await online();
    await publishSigned(client, plant, plant.topics.status, {
      ...fresh(fx.clock),
      esiState: "CHARGING",
      capacityKwh: 13.5,
      fvePeakPowerKwp: 9.9,
      plantWithLoad: true,
      configEnabled: false,
    });
    await eventually(() => fx.plant(plant.id).esiState === "CHARGING");
    expect(fx.plant(plant.id)).toMatchObject({
      capacityKwh: 13.5,
      fvePeakPowerKwp: 9.9,
      plantWithLoad: true,
      configEnabled: false,
    });

    await publishSigned(client, plant, plant.topics.status, { ...fresh(fx.clock), esiState: "IDLE" });
    await eventually(() => fx.plant(plant.id).esiState === "IDLE");
    expect(fx.plant(plant.id)).toMatchObject({ capacityKwh: 13.5, plantWithLoad: true });
  });
});

describe("refused messages are dropped and counted", () => {
  it("drops a message with a bad signature", async () => {
    const { plant, client } = await online();
    const forged = signedPayload(plant.id, "f".repeat(64), { ...fresh(fx.clock), metrics: { x: 1 } });
    await client.publishAsync(plant.topics.telemetry, forged, { qos: 1 });
    // Signed for another plant id: the signature covers the plant id too.
    const other = signedPayload(randomUUID(), plant.secret, { ...fresh(fx.clock), metrics: { x: 2 } });
    await client.publishAsync(plant.topics.telemetry, other, { qos: 1 });
    await settle(client, plant);
    expect(telemetryOf(plant.id)).toHaveLength(1);
    expect(fx.plant(plant.id)).toMatchObject({
      messageRefusalCount: 2,
      lastMessageRefusalAt: fx.clock.now().toISOString(),
    });
  });

  it("drops a replayed nonce", async () => {
    const { plant, client } = await online();
    const payload = signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), metrics: { x: 1 } });
    await client.publishAsync(plant.topics.telemetry, payload, { qos: 1 });
    await client.publishAsync(plant.topics.telemetry, payload, { qos: 1 });
    await settle(client, plant);
    expect(telemetryOf(plant.id)).toHaveLength(2);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(1);

    // The same nonce with a new ts is still a replay within ten minutes.
    const nonce = randomUUID();
    await publishSigned(client, plant, plant.topics.status, {
      ts: fx.clock.now().toISOString(),
      nonce,
      esiState: "A",
    });
    fx.clock.advance(4 * 60_000);
    await publishSigned(client, plant, plant.topics.status, {
      ts: fx.clock.now().toISOString(),
      nonce,
      esiState: "B",
    });
    await settle(client, plant);
    expect(fx.plant(plant.id)).toMatchObject({ esiState: "A", messageRefusalCount: 2 });
  });

  it("drops a QoS 1 retransmission (DUP) of a handled message without counting it", async () => {
    const { plant, client } = await online();
    const payload = signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), metrics: { x: 1 } });
    await client.publishAsync(plant.topics.telemetry, payload, { qos: 1 });
    await client.publishAsync(plant.topics.telemetry, payload, { qos: 1, dup: true });
    await settle(client, plant);
    expect(telemetryOf(plant.id)).toHaveLength(2);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(0);
  });

  it("drops a message more than five minutes off the server's clock, either way", async () => {
    const { plant, client } = await online();
    const now = fx.clock.now().getTime();
    for (const offset of [-5 * 60_000 - 1000, 5 * 60_000 + 1000]) {
      await publishSigned(client, plant, plant.topics.telemetry, {
        ts: new Date(now + offset).toISOString(),
        nonce: randomUUID(),
        metrics: { x: 1 },
      });
    }
    await publishSigned(client, plant, plant.topics.telemetry, {
      ts: new Date(now - 4 * 60_000).toISOString(),
      nonce: randomUUID(),
      metrics: { x: 2 },
    });
    await settle(client, plant);
    expect(telemetryOf(plant.id).map((row) => row.metrics)).toEqual([
      JSON.stringify({ x: 2 }),
      JSON.stringify({ settle: 1 }),
    ]);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(2);
  });

  it("drops payloads that are not a signed envelope or whose body is malformed", async () => {
    const { plant, client } = await online();
    await client.publishAsync(plant.topics.telemetry, "not json", { qos: 1 });
    await client.publishAsync(plant.topics.telemetry, JSON.stringify({ body: { metrics: {} }, sig: "00" }), {
      qos: 1,
    });
    await client.publishAsync(plant.topics.telemetry, JSON.stringify({ body: "{}" }), { qos: 1 });
    await publishSigned(client, plant, plant.topics.telemetry, {
      ...fresh(fx.clock),
      metrics: { x: "high" },
    });
    await publishSigned(client, plant, plant.topics.telemetry, { nonce: randomUUID(), metrics: { x: 1 } });
    await publishSigned(client, plant, plant.topics.ack, { ...fresh(fx.clock), cmdId: "c", status: "MAYBE" });
    await settle(client, plant);
    expect(telemetryOf(plant.id)).toHaveLength(1);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(6);
  });

  it("closes the session of a plant that publishes to another plant's topic, or to its own commands topic", async () => {
    const victim = await fx.createPlant("PASSWORD");
    const { plant, client } = await online();
    client.publish(
      victim.topics.telemetry,
      signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), metrics: { x: 1 } }),
    );
    await closed(client);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(1);
    expect(telemetryOf(victim.id)).toHaveLength(0);

    const again = await fx.connect(plant);
    again.publish(plant.topics.commands, "{}");
    await closed(again);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(2);
  });

  it("refuses subscriptions other than the plant's own commands topic, keeping the session", async () => {
    const victim = await fx.createPlant("PASSWORD");
    const { plant, client } = await online();
    // mqtt.js rejects a SUBACK holding any 0x80; the SUBACK itself rides on the error.
    const suback = await client
      .subscribeAsync(
        [victim.topics.commands, "voke/v1/+/commands", "#", plant.topics.telemetry, plant.topics.commands],
        {
          qos: 1,
        },
      )
      .then(
        () => undefined,
        (error: { packet?: { granted?: number[] } }) => error.packet,
      );
    expect(suback?.granted).toEqual([128, 128, 128, 128, 1]);
    expect(fx.plant(plant.id).messageRefusalCount).toBe(4);
    expect(client.connected).toBe(true);
  });
});

describe("wills", () => {
  it("drops a plant's will: presence is the broker's, and a will would arrive stale", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const will = signedPayload(plant.id, plant.secret, { ...fresh(fx.clock), esiState: "WILL" });
    const client = await fx.connect(plant, {
      will: { topic: plant.topics.status, payload: Buffer.from(will), qos: 1, retain: false },
    });
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    client.stream.destroy();
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.plant(plant.id)).toMatchObject({ esiState: null, messageRefusalCount: 0 });
  });
});

describe("across a restart", () => {
  it("marks every plant OFFLINE at start and still refuses a nonce seen before the restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-mqtt-restart-"));
    const options = { databasePath: join(dir, "voke.db"), caDir: dir, encryptionKey: randomBytes(32) };
    try {
      const first = await startBrokerFixture(options);
      const plant = await first.createPlant("PASSWORD");
      const client = await first.connect(plant);
      const payload = signedPayload(plant.id, plant.secret, { ...fresh(first.clock), metrics: { x: 1 } });
      await client.publishAsync(plant.topics.telemetry, payload, { qos: 1 });
      await eventually(() =>
        first.store.db.sqlite.prepare("SELECT 1 FROM telemetry_recent WHERE plant_id = ?").get(plant.id),
      );
      // A crash leaves the plant ONLINE in the database.
      first.store.db.sqlite.prepare("UPDATE plants SET status = 'ONLINE' WHERE id = ?").run(plant.id);
      client.end(true);
      await first.broker.close();
      first.store.db.sqlite.prepare("UPDATE plants SET status = 'ONLINE' WHERE id = ?").run(plant.id);
      first.store.close();

      const second = await startBrokerFixture(options);
      try {
        expect(second.plant(plant.id).status).toBe("OFFLINE");
        const again = await second.connect(plant);
        await again.publishAsync(plant.topics.telemetry, payload, { qos: 1 });
        await eventually(() => second.plant(plant.id).messageRefusalCount === 1);
        const rows = second.store.db.sqlite
          .prepare(
            "SELECT (SELECT COUNT(*) FROM telemetry WHERE plant_id = ?) + (SELECT COUNT(*) FROM telemetry_recent WHERE plant_id = ?) AS n",
          )
          .get(plant.id, plant.id);
        expect(rows).toEqual({ n: 1 });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
