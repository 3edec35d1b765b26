import { describe, expect, it } from "vitest";
import {
  type CommandHandler,
  type CommandOutcome,
  type CommandRejection,
  createCommandDispatcher,
} from "./command-dispatcher.ts";
import { encodeEnvelope, signEnvelope, verifyEnvelope } from "./envelope.ts";
import type { AckBody, PlantCommand } from "./messages.ts";

const plantId = "bb17678d-82fa-43da-92e5-df833ebe5344";
const secret = "5f2b8c1e9a7d4f3b6e0c2a8d1f9b7e4c3a6d0f2e8b5c1a9d7f3e6b0c4a2d8f1e";

function commandPayload(cmdId: string, extra: Record<string, unknown> = {}, key = secret): string {
  const body = {
    ts: "2025-06-01T12:00:00.000Z",
    nonce: `nonce-${cmdId}-0000`,
    cmdId,
    command: "setLimit",
    payload: { kw: 5 },
    target: null,
    expiresAt: "2025-06-02T12:00:00.000Z",
    ...extra,
  };
  return encodeEnvelope(signEnvelope(plantId, key, body));
}

function setup(handler?: CommandHandler, publishAck?: (body: AckBody) => Promise<unknown>) {
  const acks: AckBody[] = [];
  const rejected: CommandRejection[] = [];
  const handled: Array<{ command: PlantCommand; outcome: CommandOutcome }> = [];
  const ackFailures: string[] = [];
  let n = 0;
  const dispatcher = createCommandDispatcher({
    plantId,
    secret,
    stamp: () => ({ ts: "2025-06-01T12:00:01.000Z", nonce: `ack-nonce-${++n}` }),
    publishAck:
      publishAck ??
      (async (body) => {
        acks.push(body);
      }),
    onRejected: (rejection) => rejected.push(rejection),
    onHandled: (command, outcome) => handled.push({ command, outcome }),
    onAckFailed: (cmdId) => ackFailures.push(cmdId),
    memory: 3,
  });
  if (handler) dispatcher.setHandler(handler);
  return { dispatcher, acks, rejected, handled, ackFailures };
}

describe("command dispatcher", () => {
  it("runs a signed command and acks OK with the handler's response", async () => {
    const seen: PlantCommand[] = [];
    const { dispatcher, acks, handled } = setup((command) => {
      seen.push(command);
      return { response: { applied: command.payload?.kw } };
    });
    await dispatcher.receive(Buffer.from(commandPayload("c-1")));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ cmdId: "c-1", command: "setLimit", payload: { kw: 5 }, target: null });
    expect(acks).toEqual([
      {
        ts: "2025-06-01T12:00:01.000Z",
        nonce: "ack-nonce-1",
        cmdId: "c-1",
        status: "OK",
        response: { applied: 5 },
      },
    ]);
    expect(handled[0]?.outcome).toEqual({ status: "OK", response: { applied: 5 } });
  });

  it("acks a handler's REJECTED and ERROR, and a thrown error as ERROR with its message", async () => {
    const { dispatcher, acks } = setup(async (command) => {
      if (command.cmdId === "c-rejected") return { status: "REJECTED", response: { reason: "busy" } };
      if (command.cmdId === "c-error") return { status: "ERROR" };
      throw new Error("inverter unreachable");
    });
    await dispatcher.receive(commandPayload("c-rejected"));
    await dispatcher.receive(commandPayload("c-error"));
    await dispatcher.receive(commandPayload("c-throws"));
    expect(acks.map(({ cmdId, status, response }) => ({ cmdId, status, response }))).toEqual([
      { cmdId: "c-rejected", status: "REJECTED", response: { reason: "busy" } },
      { cmdId: "c-error", status: "ERROR", response: undefined },
      { cmdId: "c-throws", status: "ERROR", response: { message: "inverter unreachable" } },
    ]);
  });

  it("turns a nonsensical handler result into ERROR instead of a bad ack", async () => {
    const { dispatcher, acks } = setup(() => ({ status: "DONE" }) as never);
    await dispatcher.receive(commandPayload("c-1"));
    expect(acks[0]).toMatchObject({
      status: "ERROR",
      response: { message: "the command handler returned status DONE" },
    });
  });

  it("drops unsigned, badly signed and malformed commands without running or acking them", async () => {
    let runs = 0;
    const { dispatcher, acks, rejected } = setup(() => {
      runs += 1;
    });
    const signed = JSON.parse(commandPayload("c-1")) as { body: string; sig: string };
    await dispatcher.receive(JSON.stringify({ body: signed.body }));
    await dispatcher.receive(commandPayload("c-2", {}, "another-secret"));
    await dispatcher.receive(
      JSON.stringify({ body: signed.body.replace('"kw":5', '"kw":500'), sig: signed.sig }),
    );
    await dispatcher.receive("garbage");
    await dispatcher.receive(commandPayload("c-3", { command: 42 }));
    expect(runs).toBe(0);
    expect(acks).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      "UNSIGNED",
      "BAD_SIGNATURE",
      "BAD_SIGNATURE",
      "BAD_JSON",
      "BAD_COMMAND",
    ]);
    expect(rejected[4]).toMatchObject({ cmdId: "c-3", message: "command must be a non-empty string" });
  });

  it("runs a redelivered cmdId once and acks it again with the first outcome", async () => {
    let runs = 0;
    const { dispatcher, acks } = setup(() => {
      runs += 1;
      return { response: { run: runs } };
    });
    await dispatcher.receive(commandPayload("c-1"));
    await dispatcher.receive(commandPayload("c-1"));
    expect(runs).toBe(1);
    expect(acks.map((a) => [a.cmdId, a.response, a.nonce])).toEqual([
      ["c-1", { run: 1 }, "ack-nonce-1"],
      ["c-1", { run: 1 }, "ack-nonce-2"],
    ]);
  });

  it("forgets the oldest cmdIds past its memory", async () => {
    let runs = 0;
    const { dispatcher } = setup(() => {
      runs += 1;
    });
    for (const id of ["a", "b", "c", "d", "a"]) await dispatcher.receive(commandPayload(`c-${id}`));
    expect(runs).toBe(5);
  });

  it("holds commands that arrive before a handler and runs them, in order, once one is set", async () => {
    const { dispatcher, acks } = setup();
    const first = dispatcher.receive(commandPayload("c-1"));
    const second = dispatcher.receive(commandPayload("c-2"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(acks).toEqual([]);
    const order: string[] = [];
    dispatcher.setHandler((command) => {
      order.push(command.cmdId);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["c-1", "c-2"]);
    expect(acks.map((a) => a.cmdId)).toEqual(["c-1", "c-2"]);
  });

  it("reports an ack that could not be published", async () => {
    const { dispatcher, ackFailures } = setup(
      () => undefined,
      async () => {
        throw new Error("connection closed");
      },
    );
    await dispatcher.receive(commandPayload("c-1"));
    expect(ackFailures).toEqual(["c-1"]);
  });

  it("signs nothing itself: the acks it hands over are plain bodies the connection signs", async () => {
    const { dispatcher, acks } = setup(() => undefined);
    await dispatcher.receive(commandPayload("c-1"));
    const envelope = signEnvelope(plantId, secret, acks[0] as object);
    expect(verifyEnvelope(plantId, secret, envelope)).toMatchObject({
      ok: true,
      body: { cmdId: "c-1", status: "OK" },
    });
  });
});
