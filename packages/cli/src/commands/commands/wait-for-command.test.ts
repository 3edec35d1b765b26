import type { Command, CommandStatus } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { type WaitClock, waitForCommand } from "./wait-for-command.ts";

const command = (status: CommandStatus): Command => ({
  id: "c0a80101-0000-4000-8000-000000000001",
  plantId: "bb17678d-82fa-43da-92e5-df833ebe5344",
  cmdId: "cmd-1",
  command: "reboot",
  payload: null,
  target: null,
  status,
  createdAt: "2025-01-02T03:04:05.000Z",
  sentAt: null,
  ackedAt: null,
  responseStatus: null,
  response: null,
  expiresAt: "2025-01-03T03:04:05.000Z",
});

/** A clock whose sleep only advances time, recording each pause. */
function fakeClock(): WaitClock & { pauses: number[] } {
  let time = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => time,
    sleep: async (ms) => {
      pauses.push(ms);
      time += ms;
    },
  };
}

describe("waitForCommand", () => {
  it("polls with pauses doubling from 200 ms to at most 2 s until a final state", async () => {
    const clock = fakeClock();
    const states: CommandStatus[] = ["QUEUED", "SENT", "SENT", "SENT", "SENT", "SENT", "SUCCEEDED"];
    const seen: string[] = [];
    const result = await waitForCommand({
      initial: command("QUEUED"),
      poll: async () => command(states.shift() as CommandStatus),
      timeoutMs: 30_000,
      clock,
      onPoll: (polled, elapsed) => seen.push(`${polled.status}@${elapsed}`),
    });
    expect(result).toEqual({ command: command("SUCCEEDED"), settled: true });
    expect(clock.pauses).toEqual([200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(seen.at(-1)).toBe("SUCCEEDED@9000");
  });

  it.each(["FAILED", "TIMED_OUT", "EXPIRED"] as const)("stops at %s", async (status) => {
    const result = await waitForCommand({
      initial: command("SENT"),
      poll: async () => command(status),
      timeoutMs: 5000,
      clock: fakeClock(),
    });
    expect(result).toEqual({ command: command(status), settled: true });
  });

  it("looks once more at the deadline, then gives up with the last state seen", async () => {
    const clock = fakeClock();
    let polls = 0;
    const result = await waitForCommand({
      initial: command("QUEUED"),
      poll: async () => {
        polls++;
        return command("SENT");
      },
      timeoutMs: 1000,
      clock,
    });
    expect(result).toEqual({ command: command("SENT"), settled: false });
    expect(clock.pauses).toEqual([200, 400, 400]);
    expect(polls).toBe(3);
  });

  it("does not poll a command that is already final", async () => {
    const result = await waitForCommand({
      initial: command("SUCCEEDED"),
      poll: async () => {
        throw new Error("polled");
      },
      timeoutMs: 1000,
      clock: fakeClock(),
    });
    expect(result.settled).toBe(true);
  });
});
