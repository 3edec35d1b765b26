import type { Template, VokeClient } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { runVoke } from "../../test-support/harness.ts";
import { templatesCommands } from "./index.ts";

const AT = "2025-01-02T03:04:05.000Z";
const template = (id: string, level: "PLANT" | "DEVICE", name: string): Template => ({
  id,
  name,
  level,
  type: level === "PLANT" ? "CABINET" : "INVERTER",
  version: 1,
  isSystem: true,
  signals: [{ name: "soc" }],
  actions: [],
  createdAt: AT,
  updatedAt: AT,
});
const CABINET = template("7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6", "PLANT", "Solar cabinet");
const INVERTER = template("8e2f3a4b-5c6d-4e7f-9a01-b2c3d4e5f6a7", "DEVICE", "Hybrid inverter");

function fakeApi() {
  const queries: unknown[] = [];
  const client = {
    templates: {
      list: async (query: { level?: string }) => {
        queries.push(query);
        return {
          data: [CABINET, INVERTER].filter((t) => query.level === undefined || t.level === query.level),
        };
      },
    },
  };
  return { queries, createClient: () => client as unknown as VokeClient };
}

const env = { VOKE_TOKEN: "vok_test_token", VOKE_CONFIG_DIR: "/nonexistent/voke-test" };

describe("voke templates list", () => {
  it("passes --level to the API and prints the templates as JSON", async () => {
    const api = fakeApi();
    const result = await runVoke(["templates", "list", "--level", "PLANT", "-o", "json"], {
      entries: templatesCommands,
      createClient: api.createClient,
      env,
    });
    expect(result.code).toBe(0);
    expect(api.queries).toEqual([{ level: "PLANT" }]);
    expect(JSON.parse(result.stdout)).toEqual([CABINET]);
  });

  it("shows id, name, level and type in a table on a terminal, without --level filtering nothing", async () => {
    const api = fakeApi();
    const result = await runVoke(["templates", "ls"], {
      entries: templatesCommands,
      createClient: api.createClient,
      env: { ...env, NO_COLOR: "1" },
      tty: true,
    });
    expect(result.code).toBe(0);
    expect(api.queries).toEqual([{}]);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+LEVEL\s+TYPE\s+VERSION\s+IS SYSTEM$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("Solar cabinet");
    expect(result.stdout).not.toContain("signals");
  });

  it("refuses an unknown level before any request (exit 2)", async () => {
    const api = fakeApi();
    const result = await runVoke(["templates", "list", "--level", "SITE"], {
      entries: templatesCommands,
      createClient: api.createClient,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are PLANT, DEVICE");
    expect(api.queries).toEqual([]);
  });
});
