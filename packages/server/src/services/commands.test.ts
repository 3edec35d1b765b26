import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import type { Principal } from "./access.ts";
import { createServices, type Services } from "./index.ts";

let h: TestHarness;
afterEach(() => h.close());

async function setUp(extra: { commandTtlSeconds?: number; logs?: string[] } = {}) {
  h = await createTestHarness();
  const services: Services = createServices({
    store: h.store,
    clock: h.clock,
    ca: h.ca,
    secretBox: h.secretBox,
    gateway: h.gateway,
    mqttTokens: h.mqttTokens,
    mqttEndpoint: () => h.mqttEndpoint,
    commandTtlSeconds: extra.commandTtlSeconds,
    logger: createLogger({ level: "debug", write: (line) => extra.logs?.push(line) }),
  });
  const operator: Principal = { tokenId: "t-1", organizationId: h.organizationId, role: "operator" };
  const plant = await h.createPlant();
  h.store.plants.update(plant.id, { lifecycleStatus: "PROVISIONED" });
  return { services, operator, plantId: plant.id as string };
}

describe("command service", () => {
  it("sets expiresAt from the configured time to live (VOKE_COMMAND_TTL_S)", async () => {
    const { services, operator, plantId } = await setUp({ commandTtlSeconds: 600 });
    const command = services.commands.send(operator, plantId, { command: "reboot" });
    expect(command.createdAt).toBe("2025-06-15T12:00:00.000Z");
    expect(command.expiresAt).toBe("2025-06-15T12:10:00.000Z");
  });

  it("defaults the time to live to one day", async () => {
    const { services, operator, plantId } = await setUp();
    expect(services.commands.send(operator, plantId, { command: "reboot" }).expiresAt).toBe(
      "2025-06-16T12:00:00.000Z",
    );
  });

  it("logs a failed hand-over to the gateway and keeps the command queued", async () => {
    const logs: string[] = [];
    const { services, operator, plantId } = await setUp({ logs });
    h.gateway.commandQueued = () => {
      throw new Error("broker unavailable");
    };
    const command = services.commands.send(operator, plantId, { command: "reboot" });
    expect(command.status).toBe("QUEUED");
    const line = JSON.parse(logs.find((l) => l.includes("not handed to the broker")) ?? "{}");
    expect(line).toMatchObject({ level: "error", plantId, commandId: command.id });
    expect(line.error).toEqual({ name: "Error", message: "broker unavailable" });
  });

  it("gives each command its own cmdId, the same as its id (what the device logs is what voke shows)", async () => {
    const { services, operator, plantId } = await setUp();
    const a = services.commands.send(operator, plantId, { command: "reboot" });
    const b = services.commands.send(operator, plantId, { command: "reboot" });
    expect(a.cmdId).toBe(a.id);
    expect(b.cmdId).toBe(b.id);
    expect(a.id).not.toBe(b.id);
  });
});
