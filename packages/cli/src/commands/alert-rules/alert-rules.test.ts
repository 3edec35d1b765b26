import { type AlertRule, NotFoundError, type VokeClient } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { runVoke } from "../../test-support/harness.ts";
import { alertRulesCommands } from "./index.ts";

const RULE_ID = "5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10";
const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const AT = "2025-01-02T03:04:05.000Z";

function rule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: RULE_ID,
    organizationId: "0b9f3c1e-6d0a-4c57-8e43-1a2b3c4d5e6f",
    plantId: null,
    name: "Low battery",
    metric: "soc",
    condition: "LT",
    threshold: 20,
    severity: "WARNING",
    cooldownMinutes: 15,
    enabled: true,
    lastTriggeredAt: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A fake `alertRules` resource that records every call as `[method, ...args]`. */
function fakeApi(pages: AlertRule[][] = [[rule()]]) {
  const calls: unknown[][] = [];
  const alertRules = {
    list: async (query: { page?: number }) => {
      calls.push(["list", query]);
      const page = query.page ?? 1;
      return {
        data: pages[page - 1] ?? [],
        meta: { page, limit: 20, total: pages.flat().length, totalPages: pages.length },
      };
    },
    iterate: async function* (query: unknown) {
      calls.push(["iterate", query]);
      for (const page of pages) yield* page;
    },
    get: async (id: string) => {
      calls.push(["get", id]);
      if (id !== RULE_ID)
        throw new NotFoundError({ status: 404, code: "NOT_FOUND", message: "Alert rule not found" });
      return rule();
    },
    create: async (body: Partial<AlertRule>) => {
      calls.push(["create", body]);
      return rule(body);
    },
    update: async (id: string, body: Partial<AlertRule>) => {
      calls.push(["update", id, body]);
      return rule(body);
    },
    delete: async (id: string) => {
      calls.push(["delete", id]);
    },
  };
  return { calls, createClient: () => ({ alertRules }) as unknown as VokeClient };
}

const env = { VOKE_TOKEN: "vok_test_token", VOKE_CONFIG_DIR: "/nonexistent/voke-test", NO_COLOR: "1" };

function voke(argv: string[], api = fakeApi(), options: { tty?: boolean; stdin?: string } = {}) {
  return runVoke(argv, { entries: alertRulesCommands, createClient: api.createClient, env, ...options });
}

describe("voke alert-rules create", () => {
  it("sends the flags as the API's fields and prints the created rule", async () => {
    const api = fakeApi();
    const result = await voke(
      [
        "alert-rules",
        "create",
        "--name",
        "Freezing",
        "--metric",
        "temperatureC",
        "--condition",
        "LT",
        "--threshold",
        "-5.5",
        "--severity",
        "CRITICAL",
        "--cooldown-minutes",
        "60",
        "--plant-id",
        PLANT_ID,
        "--disabled",
        "-o",
        "json",
      ],
      api,
    );
    // "✓ Created …" is for a person at a terminal; piped, stderr stays quiet.
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const body: Partial<AlertRule> = {
      name: "Freezing",
      metric: "temperatureC",
      condition: "LT",
      threshold: -5.5,
      severity: "CRITICAL",
      cooldownMinutes: 60,
      enabled: false,
      plantId: PLANT_ID,
    };
    expect(api.calls).toEqual([["create", body]]);
    expect(JSON.parse(result.stdout)).toEqual(rule(body));
  });

  it("sends only the required fields when nothing else is given, and --enabled alone means true", async () => {
    const api = fakeApi();
    const argv = [
      "alert-rules",
      "create",
      "--name",
      "Hot",
      "--metric",
      "t",
      "--condition",
      "GT",
      "--threshold",
      "60",
    ];
    expect((await voke([...argv, "--enabled"], api)).code).toBe(0);
    expect((await voke([...argv, "--enabled", "false"], api)).code).toBe(0);
    expect(api.calls).toEqual([
      ["create", { name: "Hot", metric: "t", condition: "GT", threshold: 60, enabled: true }],
      ["create", { name: "Hot", metric: "t", condition: "GT", threshold: 60, enabled: false }],
    ]);
  });

  it("exits 2 naming the flag for a missing field, a bad number, a bad choice or --enabled with --disabled", async () => {
    const api = fakeApi();
    const base = ["alert-rules", "create", "--name", "Hot", "--metric", "t", "--condition", "GT"];
    const missing = await voke(base, api);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("invalid value for --threshold: is required");
    const notNumber = await voke([...base, "--threshold", "hot"], api);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain("invalid value for --threshold: must be a number");
    const empty = await voke([...base, "--threshold", ""], api);
    expect(empty.stderr).toContain("invalid value for --threshold: must be a number");
    const condition = await voke([...base.slice(0, -1), "GE", "--threshold", "1"], api);
    expect(condition.code).toBe(2);
    expect(condition.stderr).toContain("Allowed choices are LT, GT, EQ");
    const both = await voke([...base, "--threshold", "1", "--enabled", "--disabled"], api);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("invalid value for --disabled: cannot be combined with --enabled");
    const cooldown = await voke([...base, "--threshold", "1", "--cooldown-minutes", "0"], api);
    expect(cooldown.stderr).toContain(
      "invalid value for --cooldown-minutes: must be a whole number from 1 to 1440",
    );
    const plant = await voke([...base, "--threshold", "1", "--plant-id", "plant-7"], api);
    expect(plant.stderr).toContain("invalid value for --plant-id: must be a UUID");
    expect(api.calls).toEqual([]);
  });
});

describe("voke alert-rules update", () => {
  it("sends only the fields given; --plant-id none makes the rule organization-wide", async () => {
    const api = fakeApi();
    const result = await voke(
      ["alert-rules", "update", RULE_ID, "--threshold", "25", "--plant-id", "none"],
      api,
    );
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([["update", RULE_ID, { threshold: 25, plantId: null }]]);
    const disable = await voke(["alert-rules", "update", RULE_ID, "--enabled", "no", "-o", "json"], api);
    expect(api.calls[1]).toEqual(["update", RULE_ID, { enabled: false }]);
    expect(JSON.parse(disable.stdout).enabled).toBe(false);
  });

  it("refuses an update with nothing to change, a bad --enabled, or an id taken as the value of --enabled", async () => {
    const api = fakeApi();
    const nothing = await voke(["alert-rules", "update", RULE_ID], api);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to update");
    const swallowed = await voke(["alert-rules", "update", "--enabled", RULE_ID], api);
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain("missing required argument 'id'");
    const maybe = await voke(["alert-rules", "update", RULE_ID, "--enabled", "maybe"], api);
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toContain("invalid value for --enabled: must be true or false");
    expect(api.calls).toEqual([]);
  });

  it("reports the API's 404 with exit 5", async () => {
    const api = fakeApi();
    const result = await voke(["alert-rules", "get", "6f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10"], api);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe("error: NOT_FOUND: Alert rule not found\n");
  });
});

describe("voke alert-rules list", () => {
  it("filters by plant and pages; a piped table is plain TSV without a header", async () => {
    const api = fakeApi([[rule()], [rule({ id: "6f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10", name: "Hot" })]]);
    const result = await voke(
      ["alert-rules", "list", "--plant-id", PLANT_ID, "--page", "2", "--limit", "1"],
      api,
    );
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([["list", { plantId: PLANT_ID, page: 2, limit: 1 }]]);
    expect(result.stdout).toBe(
      "6f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10\tHot\t\tsoc\tLT\t20\tWARNING\t15\ttrue\t\n",
    );
  });

  it("walks every page with --all (100 per request) and streams NDJSON", async () => {
    const second = rule({ id: "6f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10", name: "Hot" });
    const api = fakeApi([[rule()], [second]]);
    const result = await voke(["alert-rules", "list", "--all", "-o", "ndjson"], api);
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([["iterate", { limit: 100 }]]);
    expect(
      result.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([rule(), second]);
  });

  it("says on a terminal that more pages exist", async () => {
    const api = fakeApi([[rule()], [rule()]]);
    const result = await voke(["alert-rules", "list"], api, { tty: true });
    expect(result.stdout).toMatch(/^ID\s+NAME\s+METRIC\s+CONDITION/);
    expect(result.stderr).toContain("Page 1 of 2 (2 rules): --page 2 or --all for more");
  });
});

describe("voke alert-rules delete", () => {
  it("needs --yes without a terminal, and sends nothing then", async () => {
    const api = fakeApi();
    const result = await voke(["alert-rules", "delete", RULE_ID], api);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("refusing to prompt without a terminal; pass --yes to confirm");
    expect(api.calls).toEqual([]);
    const yes = await voke(["alert-rules", "rm", RULE_ID, "--yes"], api);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toBe("");
    expect(yes.stderr).toBe("");
    const onTerminal = await voke(["alert-rules", "rm", RULE_ID, "--yes"], api, { tty: true });
    expect(onTerminal.stderr).toContain(`Deleted alert rule ${RULE_ID}`);
    expect(api.calls).toEqual([
      ["delete", RULE_ID],
      ["delete", RULE_ID],
    ]);
  });

  it("asks on a terminal, naming the rule; yes deletes, anything else cancels", async () => {
    const api = fakeApi();
    const yes = await voke(["alert-rules", "delete", RULE_ID], api, { tty: true, stdin: "y\n" });
    expect(yes.stderr).toContain(`Delete alert rule "Low battery" (${RULE_ID})? [y/N]`);
    expect(yes.code).toBe(0);
    const no = await voke(["alert-rules", "delete", RULE_ID], api, { tty: true, stdin: "n\n" });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain("cancelled: the alert rule was not deleted");
    expect(api.calls).toEqual([
      ["get", RULE_ID],
      ["delete", RULE_ID],
      ["get", RULE_ID],
    ]);
  });
});
