/**
 * Output of the real `voke` bundle against the real server: json, ndjson, csv and table for a list and
 * an item; tables and colour only on a terminal (VOKE_FORCE_TTY=1), never with NO_COLOR or --no-color;
 * piped output plain and complete.
 */

import { stripVTControlCharacters } from "node:util";
import type { AlertRule } from "@voke/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  hasAnsi,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";

let server: E2eServer;
let voke: VokeRunner;
let rules: AlertRule[];
// Longer than any terminal column: piped output must still carry all of it.
const LONG_NAME = `Battery low, north roof ${"(string inverter 4) ".repeat(8)}end`;

beforeAll(async () => {
  const [started, entry] = await Promise.all([startE2eServer(), buildVoke()]);
  server = started;
  voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
  rules = [
    await server.api.alertRules.create({ name: LONG_NAME, metric: "soc", condition: "LT", threshold: 15 }),
    await server.api.alertRules.create({
      name: "Hot cabinet",
      metric: "temperatureC",
      condition: "GT",
      threshold: 60.5,
      severity: "CRITICAL",
      enabled: false,
    }),
  ];
});
afterAll(async () => {
  await server?.stop();
});

const COLUMNS = "id,name,plantId,metric,condition,threshold,severity,cooldownMinutes,enabled,lastTriggeredAt";

describe("a list", () => {
  it("-o json: an array of the API's items, exactly", async () => {
    const result = await voke.run(["alert-rules", "list", "-o", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(rules);
    expect(result.stderr).toBe("");
  });

  it("-o ndjson: one item per line; --all streams every page the same way", async () => {
    const result = await voke.run(["alert-rules", "list", "-o", "ndjson"]);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(rules);
    const all = await voke.run(["alert-rules", "list", "--all", "--limit", "1", "-o", "ndjson"]);
    expect(all.stdout).toBe(result.stdout);
  });

  it("-o csv: a header and one quoted record per item", async () => {
    const result = await voke.run(["alert-rules", "list", "-o", "csv"]);
    const [header, first, second] = result.stdout.split("\r\n");
    expect(header).toBe(COLUMNS);
    expect(first).toBe(`${rules[0]?.id},"${LONG_NAME}",,soc,LT,15,WARNING,15,true,`);
    expect(second).toBe(`${rules[1]?.id},Hot cabinet,,temperatureC,GT,60.5,CRITICAL,15,false,`);
    expect(hasAnsi(result.stdout)).toBe(false);
  });

  it("--fields picks and orders the columns", async () => {
    const result = await voke.run(["alert-rules", "list", "--fields", "severity,id", "-o", "csv"]);
    expect(result.stdout).toBe(`severity,id\r\nWARNING,${rules[0]?.id}\r\nCRITICAL,${rules[1]?.id}\r\n`);
  });

  it("piped without -o: plain tab-separated lines, no header, no colour, nothing cut short", async () => {
    const result = await voke.run(["alert-rules", "list"]);
    expect(result.code).toBe(0);
    expect(hasAnsi(result.stdout)).toBe(false);
    const rows = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[0]).toBe(rules[0]?.id);
    expect(rows[0]?.[1]).toBe(LONG_NAME);
  });

  it("on a terminal: an aligned table with a coloured header", async () => {
    const result = await voke.run(["alert-rules", "list"], { env: { VOKE_FORCE_TTY: "1", COLUMNS: "220" } });
    expect(result.code).toBe(0);
    expect(hasAnsi(result.stdout)).toBe(true);
    const plain = stripVTControlCharacters(result.stdout);
    expect(plain).toMatch(/^ID\s{2,}NAME\s{2,}PLANT\s{2,}METRIC\s{2,}CONDITION/);
    expect(plain).toContain("Hot cabinet");
  });

  it("on a terminal with NO_COLOR or --no-color: the table without colour", async () => {
    for (const options of [
      { env: { VOKE_FORCE_TTY: "1", NO_COLOR: "1", COLUMNS: "220" } },
      { env: { VOKE_FORCE_TTY: "1", COLUMNS: "220" } },
    ]) {
      const args = options.env.NO_COLOR ? ["alert-rules", "list"] : ["alert-rules", "list", "--no-color"];
      const result = await voke.run(args, options);
      expect(result.code).toBe(0);
      expect(hasAnsi(result.stdout)).toBe(false);
      expect(hasAnsi(result.stderr)).toBe(false);
      expect(result.stdout).toMatch(/^ID\s{2,}NAME\s{2,}PLANT/);
    }
  });

  it("an empty list: [] in JSON, nothing piped, a message on a terminal's stderr", async () => {
    const plantId = "bb17678d-82fa-43da-92e5-df833ebe5344";
    expect((await voke.run(["alert-rules", "list", "--plant-id", plantId, "--json"])).stdout).toBe("[]\n");
    expect(await voke.run(["alert-rules", "list", "--plant-id", plantId])).toMatchObject({
      stdout: "",
      stderr: "",
    });
    const tty = await voke.run(["alert-rules", "list", "--plant-id", plantId], {
      env: { VOKE_FORCE_TTY: "1" },
    });
    expect(tty.stdout).toBe("");
    expect(tty.stderr).toContain("No alert rules.");
  });
});

describe("an item", () => {
  it("-o json: the object; -o ndjson: the object on one line", async () => {
    const rule = rules[1] as AlertRule;
    const json = await voke.run(["alert-rules", "get", rule.id, "-o", "json"]);
    expect(JSON.parse(json.stdout)).toEqual(rule);
    expect(json.stdout.split("\n").length).toBeGreaterThan(3);
    const ndjson = await voke.run(["alert-rules", "get", rule.id, "-o", "ndjson"]);
    expect(ndjson.stdout).toBe(`${JSON.stringify(rule)}\n`);
  });

  it("-o csv: a header and one record", async () => {
    const rule = rules[1] as AlertRule;
    const result = await voke.run([
      "alert-rules",
      "get",
      rule.id,
      "-o",
      "csv",
      "--fields",
      "id,name,enabled",
    ]);
    expect(result.stdout).toBe(`id,name,enabled\r\n${rule.id},Hot cabinet,false\r\n`);
  });

  it("piped: field<TAB>value lines; on a terminal: labelled facts", async () => {
    const rule = rules[0] as AlertRule;
    const piped = await voke.run(["alert-rules", "get", rule.id]);
    expect(piped.stdout).toContain(`id\t${rule.id}\n`);
    expect(piped.stdout).toContain(`name\t${LONG_NAME}\n`);
    expect(piped.stdout).toContain("threshold\t15\n");
    const tty = await voke.run(["alert-rules", "get", rule.id], {
      env: { VOKE_FORCE_TTY: "1", NO_COLOR: "1" },
    });
    expect(tty.stdout).toMatch(/^Id\s+[0-9a-f-]{36}\n/);
    expect(tty.stdout).toMatch(/\nCondition\s+LT\n/);
  });

  it("a command that creates: the item on stdout, the message on stderr", async () => {
    const result = await voke.run([
      "alert-rules",
      "create",
      "--name",
      "Export spike",
      "--metric",
      "exportedKwh",
      "--condition",
      "GT",
      "--threshold",
      "100",
      "-o",
      "json",
    ]);
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as AlertRule;
    expect(created).toMatchObject({ name: "Export spike", condition: "GT", threshold: 100, enabled: true });
    expect(result.stderr).toBe(""); // "✓ Created …" only on a terminal
    await server.api.alertRules.delete(created.id);
  });
});

describe("templates list", () => {
  it("lists the system templates, filtered by level", async () => {
    const all = JSON.parse((await voke.run(["templates", "list", "-o", "json"])).stdout) as {
      level: string;
    }[];
    expect(new Set(all.map((template) => template.level))).toEqual(new Set(["PLANT", "DEVICE"]));
    const plant = JSON.parse(
      (await voke.run(["templates", "list", "--level", "PLANT", "--json"])).stdout,
    ) as {
      level: string;
    }[];
    expect(plant.length).toBeGreaterThan(0);
    expect(plant.every((template) => template.level === "PLANT")).toBe(true);
  });
});
