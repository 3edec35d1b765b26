import { describe, expectTypeOf, test } from "vitest";
import { createVokeClient } from "./client.ts";
import type {
  AlertRule,
  AlertRulePage,
  CertificateStats,
  Command,
  CommandPage,
  EnergySummary,
  MessageResponse,
  MqttToken,
  Plant,
  PlantDetail,
  PlantPage,
  ProvisioningDownload,
  ProvisioningPackage,
  RateLimitError,
  RotatedSecret,
  TemplateList,
  VokeApiError,
} from "./index.ts";

const voke = createVokeClient({ baseUrl: "http://127.0.0.1:8080", token: "t" });
const id = "bb17678d-82fa-43da-92e5-df833ebe5344";

describe("results are typed from the spec", () => {
  test("plants", () => {
    expectTypeOf(voke.plants.list()).resolves.toEqualTypeOf<PlantPage>();
    expectTypeOf(voke.plants.list()).resolves.toHaveProperty("data").toEqualTypeOf<Plant[]>();
    expectTypeOf(voke.plants.iterate()).toEqualTypeOf<AsyncGenerator<Plant, void, undefined>>();
    expectTypeOf(voke.plants.get(id)).resolves.toEqualTypeOf<PlantDetail>();
    expectTypeOf(voke.plants.get(id)).resolves.toHaveProperty("alerts").toBeArray();
    expectTypeOf(
      voke.plants.create({ name: "n", serialNumber: "s", type: "SENSOR" }),
    ).resolves.toEqualTypeOf<Plant>();
    expectTypeOf(voke.plants.update(id, { templateId: null })).resolves.toEqualTypeOf<Plant>();
    expectTypeOf(voke.plants.delete(id)).resolves.toEqualTypeOf<MessageResponse>();
    expectTypeOf(voke.plants.provision(id)).resolves.toEqualTypeOf<ProvisioningPackage>();
    expectTypeOf(voke.plants.provision(id))
      .resolves.toHaveProperty("security")
      .toHaveProperty("hmacSecret")
      .toBeString();
    expectTypeOf(voke.plants.downloadProvisioning(id)).resolves.toEqualTypeOf<ProvisioningDownload>();
    expectTypeOf(voke.plants.rotateSecret(id)).resolves.toEqualTypeOf<RotatedSecret>();
    expectTypeOf(voke.plants.issueMqttToken(id)).resolves.toEqualTypeOf<MqttToken>();
    expectTypeOf(voke.plants.suspend(id)).resolves.toEqualTypeOf<MessageResponse>();
    expectTypeOf(voke.plants.energyToday(id)).resolves.toEqualTypeOf<EnergySummary>();
    expectTypeOf(voke.plants.certificateStats()).resolves.toEqualTypeOf<CertificateStats>();
    expectTypeOf<Plant["lifecycleStatus"]>().toEqualTypeOf<
      "PENDING" | "PROVISIONED" | "ACTIVE" | "SUSPENDED" | "DECOMMISSIONED"
    >();
  });

  test("commands, alert rules, templates", () => {
    expectTypeOf(voke.commands.list(id)).resolves.toEqualTypeOf<CommandPage>();
    expectTypeOf(voke.commands.iterate(id)).toEqualTypeOf<AsyncGenerator<Command, void, undefined>>();
    expectTypeOf(voke.commands.send(id, { command: "reboot" })).resolves.toEqualTypeOf<Command>();
    expectTypeOf<Command["status"]>().toEqualTypeOf<
      "QUEUED" | "SENT" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "EXPIRED"
    >();
    expectTypeOf(voke.alertRules.list()).resolves.toEqualTypeOf<AlertRulePage>();
    expectTypeOf(voke.alertRules.get(id)).resolves.toEqualTypeOf<AlertRule>();
    expectTypeOf(voke.alertRules.delete(id)).resolves.toBeVoid();
    expectTypeOf(voke.templates.list()).resolves.toEqualTypeOf<TemplateList>();
  });

  test("raw is openapi-fetch typed by the paths", async () => {
    const { data } = await voke.raw.GET("/api/v1/plants/{id}", { params: { path: { id } } });
    expectTypeOf(data).toExtend<PlantDetail | undefined>();
    expectTypeOf<PlantDetail | undefined>().toExtend<typeof data>();
  });

  test("errors carry their fields", () => {
    expectTypeOf<VokeApiError["status"]>().toBeNumber();
    expectTypeOf<VokeApiError["code"]>().toBeString();
    expectTypeOf<VokeApiError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("wrong input does not compile", () => {
  test("request bodies", () => {
    // @ts-expect-error serialNumber is required
    voke.plants.create({ name: "n", type: "SENSOR" });
    // @ts-expect-error "ROBOT" is not a PlantType
    voke.plants.create({ name: "n", serialNumber: "s", type: "ROBOT" });
    // @ts-expect-error unknown field (the API rejects it too)
    voke.plants.create({ name: "n", serialNumber: "s", type: "SENSOR", colour: "red" });
    // @ts-expect-error name must be a string
    voke.plants.update(id, { name: 42 });
    // @ts-expect-error authMethod is MTLS | TOKEN | PASSWORD
    voke.plants.update(id, { authMethod: "OAUTH" });
    // @ts-expect-error command is required
    voke.commands.send(id, { payload: {} });
    // @ts-expect-error condition is LT | GT | EQ
    voke.alertRules.create({ name: "n", metric: "soc", condition: "GTE", threshold: 1 });
    // @ts-expect-error threshold is required
    voke.alertRules.create({ name: "n", metric: "soc", condition: "LT" });
  });

  test("queries, ids and options", () => {
    // @ts-expect-error limit is a number
    voke.plants.list({ limit: "50" });
    // @ts-expect-error "ROOT" is not an AuthMethod filter
    voke.plants.list({ authMethod: "ROOT" });
    // @ts-expect-error level is PLANT | DEVICE
    voke.templates.list({ level: "SITE" });
    // @ts-expect-error the id comes first, as a string
    voke.plants.get(42);
    // @ts-expect-error the plant id is required
    voke.commands.send({ command: "reboot" });
    // @ts-expect-error timeoutMs is a number
    voke.plants.get(id, { timeoutMs: "5s" });
    // @ts-expect-error token is required
    createVokeClient({ baseUrl: "http://127.0.0.1:8080" });
  });
});
