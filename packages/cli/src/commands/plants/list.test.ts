import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "./fake-plants-client.ts";
import { run } from "./list.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

function seeded(count: number) {
  const fake = fakePlants();
  for (let i = 1; i <= count; i++) {
    fake.seed({ serialNumber: `SN-${i}`, name: `Plant ${i}`, authMethod: i % 2 ? "MTLS" : "TOKEN" });
  }
  return fake;
}

describe("plants list", () => {
  it("passes --page, --limit and --auth-method to one list call", async () => {
    const fake = seeded(5);
    const result = await runVoke(
      ["plants", "list", "--page", "2", "--limit", "1", "--auth-method", "TOKEN", "-o", "json"],
      { env, createClient: () => fake.client as never },
    );
    expect(result.code).toBe(0);
    expect(fake.callsOf("list")).toEqual([[{ page: 2, limit: 1, authMethod: "TOKEN" }]]);
    expect(JSON.parse(result.stdout).map((p: { serialNumber: string }) => p.serialNumber)).toEqual(["SN-4"]);
  });

  it("walks every page with --all, 100 per page by default, and streams ndjson", async () => {
    const fake = seeded(130);
    const { deps, stdout } = await createTestDeps({
      env,
      globals: { output: "ndjson" },
      client: fake.client,
    });
    await run({ all: true }, deps);
    const lines = stdout().trim().split("\n");
    expect(lines).toHaveLength(130);
    expect(JSON.parse(lines[129] as string).serialNumber).toBe("SN-130");
    expect(fake.callsOf("list").map(([query]) => query)).toEqual([
      { limit: 100, page: 1 },
      { limit: 100, page: 2 },
    ]);
  });

  it("shows the default columns in a table, and csv with a header", async () => {
    const fake = seeded(1);
    const table = await createTestDeps({ env, client: fake.client, tty: true });
    await run({ all: false }, table.deps);
    const header = table.stdout().split("\n")[0] ?? "";
    expect(header.replace(/\s+/g, " ").trim()).toBe("ID NAME SERIAL TYPE AUTH LIFECYCLE STATUS LAST SEEN");
    const csv = await createTestDeps({ env, client: fake.client, globals: { output: "csv" } });
    await run({ all: false }, csv.deps);
    const [head, row] = csv.stdout().split("\r\n");
    expect(head).toBe("id,name,serialNumber,type,authMethod,lifecycleStatus,status,lastSeenAt");
    expect(row).toMatch(/^[0-9a-f-]{36},Plant 1,SN-1,SENSOR,MTLS,PENDING,OFFLINE,$/);
  });

  it("says on a terminal when more pages exist", async () => {
    const fake = seeded(3);
    const { deps, stderr } = await createTestDeps({ env, client: fake.client, tty: true });
    await run({ all: false, limit: 2 }, deps);
    expect(stderr()).toContain("Page 1 of 2 (3 plants): see more with --page 2 or --all");
  });

  it("refuses a bad --auth-method, --limit or --all with --page before any request (exit 2)", async () => {
    const fake = seeded(1);
    const createClient = () => fake.client as never;
    const bad = await runVoke(["plants", "list", "--auth-method", "CERT"], { env, createClient });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--auth-method");
    const limit = await runVoke(["plants", "list", "--limit", "500"], { env, createClient });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("invalid value for --limit: must be a whole number from 1 to 100");
    const both = await runVoke(["plants", "list", "--all", "--page", "2"], { env, createClient });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--all: cannot be combined with --page");
    expect(fake.calls).toEqual([]);
  });
});
