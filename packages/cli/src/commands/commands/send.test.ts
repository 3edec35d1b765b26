import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadRequestError, type Command, type CommandStatus, type VokeClient } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { commandsCommands } from "./index.ts";
import { sendCommand } from "./send.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const COMMAND_ID = "c0a80101-0000-4000-8000-000000000001";

function command(status: CommandStatus, overrides: Partial<Command> = {}): Command {
  const answered = status === "SUCCEEDED" || status === "FAILED";
  return {
    id: COMMAND_ID,
    plantId: PLANT_ID,
    cmdId: "cmd-1",
    command: "reboot",
    payload: null,
    target: null,
    status,
    createdAt: "2025-01-02T03:04:05.000Z",
    sentAt: status === "QUEUED" ? null : "2025-01-02T03:04:05.100Z",
    ackedAt: answered ? "2025-01-02T03:04:06.000Z" : null,
    responseStatus: status === "SUCCEEDED" ? "OK" : status === "FAILED" ? "ERROR" : null,
    response: status === "SUCCEEDED" ? { rebooted: true } : status === "FAILED" ? { message: "busy" } : null,
    expiresAt: "2025-01-03T03:04:05.000Z",
    ...overrides,
  };
}

/** A fake `commands` resource: send returns QUEUED, each list shows the next state of `states`. */
function fakeApi(states: CommandStatus[] = ["SUCCEEDED"]) {
  const sent: unknown[] = [];
  let lists = 0;
  const commands = {
    send: async (
      plantId: string,
      body: { command: string; payload?: Record<string, unknown>; target?: string },
    ) => {
      sent.push([plantId, body]);
      return command("QUEUED", {
        command: body.command,
        payload: body.payload ?? null,
        target: body.target ?? null,
      });
    },
    list: async () => {
      const status = states[Math.min(lists, states.length - 1)] as CommandStatus;
      lists++;
      return { data: [command(status)], meta: { page: 1, limit: 100, total: 1, totalPages: 1 } };
    },
  };
  return { sent, lists: () => lists, createClient: () => ({ commands }) as unknown as VokeClient };
}

const env = { VOKE_TOKEN: "vok_test_token", VOKE_CONFIG_DIR: "/nonexistent/voke-test", NO_COLOR: "1" };

function voke(argv: string[], api = fakeApi(), stdin?: string) {
  return runVoke(["commands", "send", PLANT_ID, ...argv], {
    entries: commandsCommands,
    createClient: api.createClient,
    env,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

describe("voke commands send", () => {
  it("sends the command with its payload and target, prints it, and does not wait without --wait", async () => {
    const api = fakeApi();
    const result = await voke(
      ["set-limit", "--payload", '{"maxPowerKw":5}', "--target", "INVERTER_1", "-o", "json"],
      api,
    );
    expect(result.code).toBe(0);
    expect(api.sent).toEqual([
      [PLANT_ID, { command: "set-limit", payload: { maxPowerKw: 5 }, target: "INVERTER_1" }],
    ]);
    expect(api.lists()).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: COMMAND_ID,
      status: "QUEUED",
      payload: { maxPowerKw: 5 },
    });
    // The "✓ Command … is QUEUED" confirmation is for a terminal; piped, only the data.
    expect(result.stderr).toBe("");
  });

  it("reads the payload from a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "voke-send-")), "payload.json");
    writeFileSync(file, '{"mode":"eco"}');
    const api = fakeApi();
    expect((await voke(["set-mode", "--payload", `@${file}`], api)).code).toBe(0);
    expect(api.sent).toEqual([[PLANT_ID, { command: "set-mode", payload: { mode: "eco" } }]]);
  });

  it("exits 2 naming the flag for bad JSON, a bad target, a bad plant id or --timeout without --wait", async () => {
    const api = fakeApi();
    const json = await voke(["reboot", "--payload", "{oops"], api);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^error: invalid value for --payload: it is not valid JSON/);
    const target = await voke(["reboot", "--target", "inverter 1"], api);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain(
      "invalid value for --target: must be 1-32 characters of A-Z, 0-9, _ and -",
    );
    const timeout = await voke(["reboot", "--timeout", "5s"], api);
    expect(timeout.stderr).toContain("invalid value for --timeout: only applies with --wait");
    const duration = await voke(["reboot", "--wait", "--timeout", "soon"], api);
    expect(duration.stderr).toContain("invalid value for --timeout: must be a duration like 30s");
    const plant = await runVoke(["commands", "send", "plant-1", "reboot"], {
      entries: commandsCommands,
      env,
    });
    expect(plant.stderr).toContain("invalid value for <plant-id>: must be a UUID");
    expect(api.sent).toEqual([]);
  });

  it("--wait: exit 0 and the answered command once the device succeeded", async () => {
    const api = fakeApi(["SENT", "SUCCEEDED"]);
    const result = await voke(["reboot", "--wait", "-o", "json"], api);
    expect(result.code).toBe(0);
    expect(api.lists()).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: "SUCCEEDED",
      responseStatus: "OK",
      response: { rebooted: true },
    });
  });

  it("--wait: exit 8 when the device answered with a failure, the command still on stdout", async () => {
    const result = await voke(["reboot", "--wait", "-o", "json"], fakeApi(["FAILED"]));
    expect(result.code).toBe(8);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "FAILED", responseStatus: "ERROR" });
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: "COMMAND_FAILED",
        message: `the plant answered ERROR to command ${COMMAND_ID} (reboot)`,
        status: null,
        requestId: null,
        details: null,
      },
    });
  });

  it("--wait: exit 7 when the server timed the command out, when it expired, and past --timeout", async () => {
    const timedOut = await voke(["reboot", "--wait"], fakeApi(["TIMED_OUT"]));
    expect(timedOut.code).toBe(7);
    expect(timedOut.stderr).toContain("did not acknowledge");
    const expired = await voke(["reboot", "--wait"], fakeApi(["EXPIRED"]));
    expect(expired.code).toBe(7);
    expect(expired.stderr).toContain("expired before the plant connected");
    const waited = await voke(["reboot", "--wait", "--timeout", "300ms"], fakeApi(["SENT"]));
    expect(waited.code).toBe(7);
    expect(waited.stderr).toBe(
      `error: no answer within 300ms: command ${COMMAND_ID} (reboot) is still SENT; see it later with \`voke commands list ${PLANT_ID}\`\n`,
    );
  });

  it("shows the state in a spinner on a terminal's stderr, never on stdout", async () => {
    const api = fakeApi(["SENT", "SUCCEEDED"]);
    const { deps, streams, stdout, stderr } = await createTestDeps({
      env,
      tty: true,
      client: api.createClient(),
    });
    // ora moves the cursor on a terminal; the memory stream only needs to accept that.
    Object.assign(streams.stderr, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let time = 0;
    const clock = {
      now: () => time,
      sleep: async (ms: number) => {
        time += ms;
      },
    };
    await sendCommand({ plantId: PLANT_ID, command: "reboot", wait: true }, deps, clock);
    expect(stderr()).toContain("Waiting for the plant to answer reboot");
    expect(stderr()).toContain("The plant answered OK");
    expect(stdout()).toMatch(/^Id\s+c0a80101/);
    expect(stdout()).toContain('{"rebooted":true}');
    expect(stdout()).not.toContain("Waiting");
  });

  it("lets an API rejection through (main maps it to exit 3)", async () => {
    const rejected = new BadRequestError({
      status: 400,
      code: "BAD_REQUEST",
      message: "Plant is not provisioned",
      requestId: "r-1",
    });
    const createClient = () =>
      ({ commands: { send: async () => Promise.reject(rejected) } }) as unknown as VokeClient;
    const result = await runVoke(["commands", "send", PLANT_ID, "reboot"], {
      entries: commandsCommands,
      createClient,
      env,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: BAD_REQUEST: Plant is not provisioned (request id r-1)\n");
  });
});
