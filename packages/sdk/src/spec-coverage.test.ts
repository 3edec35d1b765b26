import { readFileSync } from "node:fs";
import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { VokeClient } from "./client.ts";
import { PLANT_ID, RULE_ID } from "./test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "./test-support/mock-api.ts";

const server = useMockApi();
const TOKEN_ID = "2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b";

/** Every operation of the spec and the SDK method that performs it. */
const OPERATIONS: Record<string, { sdk: string; call: (client: VokeClient) => Promise<unknown> }> = {
  listPlants: { sdk: "plants.list", call: (c) => c.plants.list() },
  createPlant: {
    sdk: "plants.create",
    call: (c) => c.plants.create({ name: "n", serialNumber: "s", type: "SENSOR" }),
  },
  getCertificateStats: { sdk: "plants.certificateStats", call: (c) => c.plants.certificateStats() },
  getPlant: { sdk: "plants.get", call: (c) => c.plants.get(PLANT_ID) },
  updatePlant: { sdk: "plants.update", call: (c) => c.plants.update(PLANT_ID, { name: "n" }) },
  deletePlant: { sdk: "plants.delete", call: (c) => c.plants.delete(PLANT_ID) },
  getPlantEnergyToday: { sdk: "plants.energyToday", call: (c) => c.plants.energyToday(PLANT_ID) },
  getPlantTelemetry: {
    sdk: "plants.telemetry",
    call: (c) => c.plants.telemetry(PLANT_ID, { resolution: "1m" }),
  },
  streamEvents: {
    sdk: "events.stream",
    // The mock's JSON reply holds no event and ends: the stream would reconnect, so it stops there.
    call: async (c) => {
      const stop = new AbortController();
      for await (const _ of c.events.stream({ signal: stop.signal, onReconnect: () => stop.abort() })) {
        // no event in the mock reply
      }
    },
  },
  issuePlantMqttToken: { sdk: "plants.issueMqttToken", call: (c) => c.plants.issueMqttToken(PLANT_ID) },
  provisionPlant: { sdk: "plants.provision", call: (c) => c.plants.provision(PLANT_ID) },
  downloadPlantProvisioning: {
    sdk: "plants.downloadProvisioning",
    call: (c) => c.plants.downloadProvisioning(PLANT_ID),
  },
  reactivatePlant: { sdk: "plants.reactivate", call: (c) => c.plants.reactivate(PLANT_ID) },
  revokePlant: { sdk: "plants.revoke", call: (c) => c.plants.revoke(PLANT_ID) },
  rotatePlantSecret: { sdk: "plants.rotateSecret", call: (c) => c.plants.rotateSecret(PLANT_ID) },
  suspendPlant: { sdk: "plants.suspend", call: (c) => c.plants.suspend(PLANT_ID) },
  listPlantCommands: { sdk: "commands.list", call: (c) => c.commands.list(PLANT_ID) },
  sendPlantCommand: { sdk: "commands.send", call: (c) => c.commands.send(PLANT_ID, { command: "reboot" }) },
  listAlertRules: { sdk: "alertRules.list", call: (c) => c.alertRules.list() },
  createAlertRule: {
    sdk: "alertRules.create",
    call: (c) => c.alertRules.create({ name: "n", metric: "soc", condition: "LT", threshold: 1 }),
  },
  getAlertRule: { sdk: "alertRules.get", call: (c) => c.alertRules.get(RULE_ID) },
  updateAlertRule: {
    sdk: "alertRules.update",
    call: (c) => c.alertRules.update(RULE_ID, { enabled: false }),
  },
  deleteAlertRule: { sdk: "alertRules.delete", call: (c) => c.alertRules.delete(RULE_ID) },
  listTemplates: { sdk: "templates.list", call: (c) => c.templates.list() },
  listApiTokens: { sdk: "tokens.list", call: (c) => c.tokens.list() },
  createApiToken: { sdk: "tokens.create", call: (c) => c.tokens.create({ name: "ci", role: "provisioner" }) },
  revokeApiToken: { sdk: "tokens.revoke", call: (c) => c.tokens.revoke(TOKEN_ID) },
};

interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  successStatus: number;
  hasBody: boolean;
}

function specOperations(): SpecOperation[] {
  const spec = parse(readFileSync(new URL("../../../openapi.yaml", import.meta.url), "utf8")) as {
    paths: Record<
      string,
      Record<string, { operationId?: string; requestBody?: unknown; responses?: Record<string, unknown> }>
    >;
  };
  const methods = new Set(["get", "put", "post", "patch", "delete", "head", "options", "trace"]);
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, op]) => ({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        successStatus: Number(Object.keys(op.responses ?? {}).find((s) => s.startsWith("2"))),
        hasBody: op.requestBody !== undefined,
      })),
  );
}

const operations = specOperations();

describe("every operation in openapi.yaml has an SDK method", () => {
  test("the map names exactly the spec's operations, and every SDK method is in it", () => {
    expect(operations.length).toBe(27);
    expect(Object.keys(OPERATIONS).sort()).toEqual(operations.map((o) => o.operationId).sort());

    const { client } = testClient();
    const resources = {
      plants: client.plants,
      commands: client.commands,
      alertRules: client.alertRules,
      templates: client.templates,
      tokens: client.tokens,
      events: client.events,
    };
    const sdkMethods = Object.entries(resources).flatMap(([name, resource]) =>
      Object.keys(resource)
        .filter((method) => method !== "iterate")
        .map((method) => `${name}.${method}`),
    );
    expect(sdkMethods.sort()).toEqual(
      Object.values(OPERATIONS)
        .map((o) => o.sdk)
        .sort(),
    );
  });

  test.each(operations)(
    "$operationId: $method $path",
    async ({ operationId, method, path, successStatus, hasBody }) => {
      const requests = recordAll(server, () =>
        successStatus === 204
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json(
              { plantId: PLANT_ID, data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } },
              { status: successStatus },
            ),
      );
      const id = path.startsWith("/api/v1/alert-rules")
        ? RULE_ID
        : path.startsWith("/api/v1/tokens")
          ? TOKEN_ID
          : PLANT_ID;
      const entry = OPERATIONS[operationId];
      if (!entry) throw new Error(`no SDK method for ${operationId}`);

      await entry.call(testClient().client);

      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `${method} ${path.replace("{plantId}", PLANT_ID).replace("{id}", id)}`,
      ]);
      const headers = requests[0]?.headers;
      expect(headers?.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(headers?.get("user-agent")).toMatch(/^voke-sdk\/\d+\.\d+\.\d+ \(node\/[\d.]+\)$/);
      expect(headers?.get("idempotency-key") !== null).toBe(method === "POST");
      expect(headers?.get("content-type")).toBe(hasBody ? "application/json" : null);
      expect(requests[0]?.body !== undefined).toBe(hasBody);
    },
  );
});
