import type { VokeClient } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { runVoke } from "../../test-support/harness.ts";
import { commandsCommands } from "./index.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const row = (n: number) => ({
  id: `c0a80101-0000-4000-8000-00000000000${n}`,
  plantId: PLANT_ID,
  cmdId: `cmd-${n}`,
  command: "reboot",
  payload: null,
  target: null,
  status: "SUCCEEDED",
  createdAt: "2025-01-02T03:04:05.000Z",
  sentAt: null,
  ackedAt: null,
  responseStatus: "OK",
  response: { n },
  expiresAt: "2025-01-03T03:04:05.000Z",
});

function fakeApi() {
  const calls: unknown[] = [];
  const commands = {
    list: async (plantId: string, query: unknown) => {
      calls.push(["list", plantId, query]);
      return { data: [row(1)], meta: { page: 1, limit: 20, total: 3, totalPages: 3 } };
    },
    iterate: async function* (plantId: string, query: unknown) {
      calls.push(["iterate", plantId, query]);
      yield* [row(1), row(2), row(3)];
    },
  };
  return { calls, createClient: () => ({ commands }) as unknown as VokeClient };
}

const env = { VOKE_TOKEN: "vok_test_token", VOKE_CONFIG_DIR: "/nonexistent/voke-test", NO_COLOR: "1" };

describe("voke commands list", () => {
  it("asks for one page and prints the commands as CSV with the list columns", async () => {
    const api = fakeApi();
    const result = await runVoke(["commands", "list", PLANT_ID, "--limit", "5", "-o", "csv"], {
      entries: commandsCommands,
      createClient: api.createClient,
      env,
    });
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([["list", PLANT_ID, { page: 1, limit: 5 }]]);
    expect(result.stdout).toBe(
      "id,command,target,status,createdAt,ackedAt,responseStatus\r\n" +
        "c0a80101-0000-4000-8000-000000000001,reboot,,SUCCEEDED,2025-01-02T03:04:05.000Z,,OK\r\n",
    );
  });

  it("walks every page with --all, and JSON output holds every field", async () => {
    const api = fakeApi();
    const result = await runVoke(["commands", "ls", PLANT_ID, "--all", "--json"], {
      entries: commandsCommands,
      createClient: api.createClient,
      env,
    });
    expect(api.calls).toEqual([["iterate", PLANT_ID, { limit: 100 }]]);
    expect(JSON.parse(result.stdout)).toEqual([row(1), row(2), row(3)]);
  });
});
