import { afterEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./list.ts";

let api: RealApi | undefined;
afterEach(() => api?.close());

/** A server holding `count` plants SN-1..SN-count, odd ones MTLS and even ones TOKEN. */
async function seeded(count: number): Promise<RealApi> {
  api = await startRealApi();
  for (let i = 1; i <= count; i++) {
    await api.harness.createPlant({
      serialNumber: `SN-${i}`,
      name: `Plant ${i}`,
      type: "SENSOR",
      authMethod: i % 2 ? "MTLS" : "TOKEN",
    });
  }
  return api;
}

/** The query of every list request, as the server received it. */
const listQueries = (server: RealApi) =>
  server.sent
    .filter((r) => r.method === "GET" && r.path.startsWith("/api/v1/plants"))
    .map((r) => Object.fromEntries(new URL(r.path, "http://voke.test").searchParams));

describe("plants list", () => {
  it("passes --page, --limit and --auth-method to one list call", async () => {
    const server = await seeded(5);
    const result = await runVoke(
      ["plants", "list", "--page", "2", "--limit", "1", "--auth-method", "TOKEN", "-o", "json"],
      { env: server.env, createClient: server.createClient },
    );
    expect(result.code).toBe(0);
    expect(listQueries(server)).toEqual([{ page: "2", limit: "1", authMethod: "TOKEN" }]);
    // Page 2 of the two TOKEN plants: the one the server itself puts there.
    const page2 = await server.harness.request("GET", "/api/v1/plants?page=2&limit=1&authMethod=TOKEN");
    const shown = JSON.parse(result.stdout).map((p: { serialNumber: string }) => p.serialNumber);
    expect(shown).toEqual([page2.body.data[0].serialNumber]);
    expect(["SN-2", "SN-4"]).toContain(shown[0]);
  });

  it("walks every page with --all, 100 per page by default, and streams ndjson", async () => {
    const server = await seeded(130);
    const { deps, stdout } = await createTestDeps({
      env: server.env,
      globals: { output: "ndjson" },
      client: server.client,
    });
    await run({ all: true }, deps);
    const lines = stdout().trim().split("\n");
    expect(lines).toHaveLength(130);
    const serials = lines.map((line) => JSON.parse(line).serialNumber);
    expect(new Set(serials).size).toBe(130);
    expect(serials).toContain("SN-130");
    expect(listQueries(server)).toEqual([
      { limit: "100", page: "1" },
      { limit: "100", page: "2" },
    ]);
  });

  it("shows the default columns in a table, and csv with a header", async () => {
    const server = await seeded(1);
    const table = await createTestDeps({ env: server.env, client: server.client, tty: true });
    await run({ all: false }, table.deps);
    const header = table.stdout().split("\n")[0] ?? "";
    expect(header.replace(/\s+/g, " ").trim()).toBe("ID NAME SERIAL TYPE AUTH LIFECYCLE STATUS LAST SEEN");
    const csv = await createTestDeps({ env: server.env, client: server.client, globals: { output: "csv" } });
    await run({ all: false }, csv.deps);
    const [head, row] = csv.stdout().split("\r\n");
    expect(head).toBe("id,name,serialNumber,type,authMethod,lifecycleStatus,status,lastSeenAt");
    expect(row).toMatch(/^[0-9a-f-]{36},Plant 1,SN-1,SENSOR,MTLS,PENDING,OFFLINE,$/);
  });

  it("says on a terminal when more pages exist", async () => {
    const server = await seeded(3);
    const { deps, stderr } = await createTestDeps({ env: server.env, client: server.client, tty: true });
    await run({ all: false, limit: 2 }, deps);
    expect(stderr()).toContain("Page 1 of 2 (3 plants): see more with --page 2 or --all");
  });

  it("refuses a bad --auth-method, --limit or --all with --page before any request (exit 2)", async () => {
    const server = await seeded(1);
    const env = server.env;
    const createClient = server.createClient;
    const bad = await runVoke(["plants", "list", "--auth-method", "CERT"], { env, createClient });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--auth-method");
    const limit = await runVoke(["plants", "list", "--limit", "500"], { env, createClient });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("invalid value for --limit: must be a whole number from 1 to 100");
    const both = await runVoke(["plants", "list", "--all", "--page", "2"], { env, createClient });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--all: cannot be combined with --page");
    expect(server.sent).toEqual([]);
  });
});
