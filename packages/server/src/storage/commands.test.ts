import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandRecord } from "./commands.ts";
import type { PlantRecord } from "./plants.ts";
import { openStore, type Store } from "./store.ts";

const T0 = "2025-06-15T12:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const ACK = { ackedAt: at(5), responseStatus: "OK" as const, response: { done: true } };

let store: Store;
let plantId: string;

function addPlant(): string {
  const organization = { id: randomUUID(), name: "Org", createdAt: T0, updatedAt: T0 };
  store.organizations.insert(organization);
  const nulls = Object.fromEntries(
    [
      "templateId",
      "externalPlantId",
      "description",
      "tag",
      "latitude",
      "longitude",
      "metadata",
      "esiState",
      "capacityKwh",
      "fvePeakPowerKwp",
      "plantWithLoad",
      "configEnabled",
      "certificateFingerprint",
      "certificateSerialNumber",
      "certificateExpiresAt",
      "secretRotatedAt",
      "provisionedAt",
      "activatedAt",
      "lastSeenAt",
      "lastAuthFailureAt",
      "lastMessageRefusalAt",
    ].map((field) => [field, null]),
  );
  const plant: PlantRecord = {
    ...(nulls as unknown as Omit<PlantRecord, "id">),
    id: randomUUID(),
    organizationId: organization.id,
    name: "P",
    serialNumber: `SN-${randomUUID()}`,
    type: "GATEWAY",
    authMethod: "MTLS",
    lifecycleStatus: "PROVISIONED",
    status: "OFFLINE",
    authFailureCount: 0,
    messageRefusalCount: 0,
    mqttTokenEpoch: 0,
    createdAt: T0,
    updatedAt: T0,
  };
  store.plants.insert(plant);
  return plant.id;
}

function addCommand(fields: Partial<CommandRecord> = {}): CommandRecord {
  const command: CommandRecord = {
    id: randomUUID(),
    plantId,
    cmdId: randomUUID(),
    command: "reboot",
    payload: null,
    target: null,
    status: "QUEUED",
    createdAt: T0,
    sentAt: null,
    ackedAt: null,
    responseStatus: null,
    response: null,
    expiresAt: at(3600),
    ...fields,
  };
  store.commands.insert(command);
  return command;
}

beforeEach(() => {
  store = openStore(":memory:");
  plantId = addPlant();
});
afterEach(() => store.close());

describe("command store", () => {
  it("round-trips a command, JSON payload and all, by id and by cmdId", () => {
    const command = addCommand({ payload: { limitW: 3000, nested: [1, "a"] }, target: "INV_1" });
    expect(store.commands.findById(command.id)).toEqual(command);
    expect(store.commands.findByCmdId(command.cmdId)).toEqual(command);
    expect(store.commands.findByCmdId("nope")).toBeUndefined();
  });

  it("pages a plant's commands oldest first, then by id, with the total", () => {
    const late = addCommand({ createdAt: at(10) });
    const early = addCommand({ createdAt: at(1) });
    const sameA = addCommand({ createdAt: at(5), id: "00000000-0000-4000-8000-00000000000a" });
    const sameB = addCommand({ createdAt: at(5), id: "00000000-0000-4000-8000-00000000000b" });
    const otherPlant = plantId;
    plantId = addPlant();
    addCommand();
    const page = store.commands.listForPlant(otherPlant, { offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((c) => c.id)).toEqual([sameA.id, sameB.id]);
    expect(store.commands.listForPlant(otherPlant, { offset: 0, limit: 10 }).items.map((c) => c.id)).toEqual([
      early.id,
      sameA.id,
      sameB.id,
      late.id,
    ]);
  });

  it("lists what to deliver: QUEUED and not yet expired, oldest first", () => {
    const second = addCommand({ createdAt: at(2) });
    const first = addCommand({ createdAt: at(1) });
    addCommand({ createdAt: at(3), expiresAt: at(60) });
    const sent = addCommand();
    store.commands.markSent(sent.id, at(1));
    expect(store.commands.listQueuedForPlant(plantId, at(60)).map((c) => c.id)).toEqual([
      first.id,
      second.id,
    ]);
  });

  it("moves QUEUED → SENT → SUCCEEDED once, and refuses out-of-order changes", () => {
    const command = addCommand();
    expect(store.commands.markSucceeded(command.id, ACK)).toBe(false);
    expect(store.commands.markSent(command.id, at(1))).toBe(true);
    expect(store.commands.markSent(command.id, at(2))).toBe(false);
    expect(store.commands.markExpired(command.id)).toBe(false);
    expect(store.commands.markSucceeded(command.id, ACK)).toBe(true);
    expect(store.commands.markFailed(command.id, { ...ACK, responseStatus: "ERROR" })).toBe(false);
    expect(store.commands.markTimedOut(command.id)).toBe(false);
    expect(store.commands.findById(command.id)).toMatchObject({
      status: "SUCCEEDED",
      sentAt: at(1),
      ackedAt: at(5),
      responseStatus: "OK",
      response: { done: true },
    });
  });

  it("records a FAILED ack with the device's status and response", () => {
    const command = addCommand();
    store.commands.markSent(command.id, at(1));
    expect(
      store.commands.markFailed(command.id, { ackedAt: at(2), responseStatus: "REJECTED", response: null }),
    ).toBe(true);
    expect(store.commands.findById(command.id)).toMatchObject({
      status: "FAILED",
      responseStatus: "REJECTED",
      response: null,
    });
  });

  it("requeues a SENT command and clears sentAt", () => {
    const command = addCommand();
    expect(store.commands.requeue(command.id)).toBe(false);
    store.commands.markSent(command.id, at(1));
    expect(store.commands.requeue(command.id)).toBe(true);
    expect(store.commands.findById(command.id)).toMatchObject({ status: "QUEUED", sentAt: null });
  });

  it("times out one SENT command, or every one sent at or before a time", () => {
    const one = addCommand();
    const early = addCommand();
    const onTime = addCommand();
    const late = addCommand();
    const queued = addCommand();
    store.commands.markSent(one.id, at(1));
    store.commands.markSent(early.id, at(1));
    store.commands.markSent(onTime.id, at(10));
    store.commands.markSent(late.id, at(11));
    expect(store.commands.markTimedOut(queued.id)).toBe(false);
    expect(store.commands.markTimedOut(one.id)).toBe(true);
    expect(store.commands.timeOutSentBefore(at(10))).toBe(2);
    const status = (id: string) => store.commands.findById(id)?.status;
    expect([status(one.id), status(early.id), status(onTime.id), status(late.id), status(queued.id)]).toEqual(
      ["TIMED_OUT", "TIMED_OUT", "TIMED_OUT", "SENT", "QUEUED"],
    );
  });

  it("expires one QUEUED command, or every one whose expiry has come", () => {
    const one = addCommand();
    const due = addCommand({ expiresAt: at(60) });
    const later = addCommand({ expiresAt: at(61) });
    const sent = addCommand({ expiresAt: at(1) });
    store.commands.markSent(sent.id, at(0));
    expect(store.commands.markExpired(one.id)).toBe(true);
    expect(store.commands.markExpired(sent.id)).toBe(false);
    expect(store.commands.expireQueuedBefore(at(60))).toBe(1);
    expect(store.commands.findById(due.id)?.status).toBe("EXPIRED");
    expect(store.commands.findById(later.id)?.status).toBe("QUEUED");
    expect(store.commands.findById(sent.id)?.status).toBe("SENT");
  });

  it("goes with its plant", () => {
    const command = addCommand();
    store.plants.delete(plantId);
    expect(store.commands.findById(command.id)).toBeUndefined();
  });
});
