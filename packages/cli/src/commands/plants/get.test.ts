import type { Alert, PlantDetail } from "@voke/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAlertEvaluator } from "../../../../server/src/services/alert-evaluation.ts";
import { createDeviceActivityService } from "../../../../server/src/services/device-activity.ts";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./get.ts";
import { alertSummary, refusalSummary } from "./views.ts";

function alert(fields: Partial<Alert>): Alert {
  return {
    id: "a1",
    plantId: "p1",
    alertRuleId: null,
    type: "THRESHOLD_EXCEEDED",
    severity: "WARNING",
    status: "ACTIVE",
    message: "Temperature above 80",
    metric: "temperature",
    value: 81,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    ...fields,
  };
}

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

const MINUTE = 60_000;

/**
 * A plant with a history, all of it in the real server: alerts raised by the alert engine from
 * telemetry against the organization's rules, refusals counted by the broker's device-activity
 * service, seven commands sent through the API once it is provisioned. Only its plant groups are laid over the answer: the
 * server has no way to make one yet (it always answers `[]`).
 */
async function detailClient() {
  const plant = await api.harness.createPlant({
    serialNumber: "SN-9",
    name: "Roof PV",
    type: "SENSOR",
    authMethod: "MTLS",
  });
  const { store, clock, events } = api.harness;
  const real = api.client;
  await real.alertRules.create({ name: "Hot", metric: "temperature", condition: "GT", threshold: 80 });
  await real.alertRules.create({
    name: "Over-voltage",
    metric: "voltage",
    condition: "GT",
    threshold: 250,
    severity: "CRITICAL",
  });
  // The broker hands each telemetry message to the same evaluator; the second "Hot" alert comes
  // after the rule's cooldown (15 minutes by default).
  const alerts = createAlertEvaluator({ store, events });
  alerts.evaluate(plant, { temperature: 81 }, clock.now());
  clock.advance(20 * MINUTE);
  alerts.evaluate(plant, { temperature: 82 }, clock.now());
  clock.advance(MINUTE);
  alerts.evaluate(plant, { voltage: 251, temperature: 79 }, clock.now());
  const at = clock.now().toISOString();
  createDeviceActivityService({ store, clock }).recordRefusals([
    { plantId: plant.id, kind: "AUTHENTICATION", reason: "WRONG_PASSWORD", count: 3, at },
    { plantId: plant.id, kind: "MESSAGE", reason: "BAD_SIGNATURE", count: 1, at },
    { plantId: plant.id, kind: "MESSAGE", reason: "REPLAY", count: 1, at },
  ]);
  await real.plants.provision(plant.id); // a PENDING plant takes no commands
  for (let index = 0; index < 7; index++) {
    clock.advance(MINUTE);
    await real.commands.send(plant.id, { command: `cmd-${index}` });
  }
  const get = async (id: string) => {
    const detail = await real.plants.get(id);
    const plantGroups = [
      { id: "g1", organizationId: plant.organizationId, name: "North roofs", description: null },
    ];
    return { ...detail, plantGroups } as PlantDetail;
  };
  return { plant, client: { ...real, plants: { ...real.plants, get } } };
}

const LATEST_ALERT = 'voltage is 251, above the threshold 250 (rule "Over-voltage")';

describe("plants get", () => {
  it("summarises alerts and plant groups in a table", async () => {
    const { plant, client } = await detailClient();
    const { deps, stdout } = await createTestDeps({ env: api.env, client });
    await run({ plantId: plant.id }, deps);
    expect(stdout()).toContain(`id\t${plant.id}\n`);
    expect(stdout()).toContain(`alerts\t3 (3 ACTIVE); latest CRITICAL: ${LATEST_ALERT}\n`);
    expect(stdout()).toContain("plantGroups\tNorth roofs\n");
    expect(stdout()).toContain("authFailureCount\t3\n");
    expect(stdout()).toContain("messageRefusalCount\t2\n");
    expect(stdout()).toContain(
      "refusals\tauthentication: WRONG_PASSWORD 3; messages: BAD_SIGNATURE 1, REPLAY 1\n",
    );
  });

  it("prints the full object, alerts included, with -o json", async () => {
    const { plant, client } = await detailClient();
    const { deps, stdout } = await createTestDeps({ env: api.env, client, globals: { output: "json" } });
    await run({ plantId: plant.id }, deps);
    const printed = JSON.parse(stdout());
    expect(printed.id).toBe(plant.id);
    expect(printed.alerts).toHaveLength(3);
    expect(printed.alerts[0]).toMatchObject({ severity: "CRITICAL", message: LATEST_ALERT, value: 251 });
    expect(printed.refusals).toEqual({
      authentication: { WRONG_PASSWORD: 3 },
      messages: { BAD_SIGNATURE: 1, REPLAY: 1 },
    });
    expect(printed.plantGroups[0].name).toBe("North roofs");
  });

  it("exits 5 for an unknown plant and 2 for an id that is not a UUID", async () => {
    const env = api.env;
    const createClient = api.createClient;
    const missing = await runVoke(["plants", "get", "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b"], {
      env,
      createClient,
    });
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/error: PLANT_NOT_FOUND: Plant not found \(request id \S+\)/);
    const typo = await runVoke(["plants", "get", "not-a-uuid"], { env, createClient });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("invalid value for <plant-id>: must be a UUID");
    expect(api.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/v1/plants/0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b",
    ]);
  });

  it("on a terminal: a title line, the states, facts without empty rows, alerts and the latest commands", async () => {
    const { plant, client } = await detailClient();
    const { deps, stdout } = await createTestDeps({ env: api.env, client, tty: true, columns: 80 });
    await run({ plantId: plant.id }, deps);
    const lines = stdout().split("\n");
    expect(lines[0]).toBe("Roof PV  SN-9");
    expect(lines[1]).toMatch(/^PROVISIONED · OFFLINE · SENSOR · MTLS · never seen$/);
    expect(stdout()).toMatch(new RegExp(`^ID {2,}${plant.id}$`, "m"));
    expect(stdout()).toMatch(/^Groups {2,}North roofs$/m);
    // The broker's refusals, by reason, apart for authentication and messages.
    expect(stdout()).toMatch(/^Auth failures {2,}3 \(WRONG_PASSWORD 3\), last .+ ago$/m);
    expect(stdout()).toMatch(/^Refused messages {2,}2 \(BAD_SIGNATURE 1, REPLAY 1\), last .+ ago$/m);
    const facts = lines.slice(3, lines.indexOf("", 3));
    expect(facts.length).toBeGreaterThan(3);
    for (const fact of facts) expect(fact).toMatch(/^\S.*? {2,}\S/); // every label has a value
    expect(stdout()).not.toContain("Description");
    expect(stdout()).toContain("Alerts: 3 open of 3");
    expect(stdout()).toMatch(/CRITICAL\s+ACTIVE\s+voltage is 251, above the threshold 250/);
    // Newest first, five of seven, across the last two pages.
    const recent = stdout().slice(stdout().indexOf("Recent commands"));
    expect([...recent.matchAll(/cmd-(\d)/g)].map((m) => m[1])).toEqual(["6", "5", "4", "3", "2"]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("counts alerts by status, the latest first", () => {
    expect(
      alertSummary([
        alert({ severity: "CRITICAL", message: "Voltage above 250" }),
        alert({ status: "RESOLVED" }),
        alert({}),
      ]),
    ).toBe("3 (2 ACTIVE, 1 RESOLVED); latest CRITICAL: Voltage above 250");
  });

  it("says none when there are no alerts or refusals", () => {
    expect(alertSummary([])).toBe("none");
    expect(refusalSummary({ authentication: {}, messages: {} })).toBe("none");
  });
});
