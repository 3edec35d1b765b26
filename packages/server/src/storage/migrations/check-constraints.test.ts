import {
  ALERT_CONDITION_VALUES,
  ALERT_SEVERITY_VALUES,
  API_TOKEN_ROLE_VALUES,
  AUTH_METHOD_VALUES,
  COMMAND_STATUS_VALUES,
  CONNECTION_STATUS_VALUES,
  LIFECYCLE_STATUS_VALUES,
  PLANT_TYPE_VALUES,
  TEMPLATE_LEVEL_VALUES,
} from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../database.ts";

// Shipped migrations are never edited, so their CHECK lists are a copy of the spec's enums that cannot be
// generated; this test is what keeps the copy equal to openapi.yaml (via @voke/sdk's generated contract).
const COLUMNS: ReadonlyArray<[table: string, column: string, values: readonly string[]]> = [
  ["plants", "type", PLANT_TYPE_VALUES],
  ["plants", "auth_method", AUTH_METHOD_VALUES],
  ["plants", "lifecycle_status", LIFECYCLE_STATUS_VALUES],
  ["plants", "status", CONNECTION_STATUS_VALUES],
  ["plant_credentials", "auth_method", AUTH_METHOD_VALUES],
  ["templates", "level", TEMPLATE_LEVEL_VALUES],
  ["api_tokens", "role", API_TOKEN_ROLE_VALUES],
  ["commands", "status", COMMAND_STATUS_VALUES],
  ["alert_rules", "condition", ALERT_CONDITION_VALUES],
  ["alert_rules", "severity", ALERT_SEVERITY_VALUES],
  ["alerts", "severity", ALERT_SEVERITY_VALUES],
];

/** The values of `CHECK (column IN ('A', 'B'))` in the table's current CREATE statement. */
function checkedValues(tableSql: string, column: string): string[] | undefined {
  const match = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(tableSql);
  return match?.[1]?.split(",").map((value) => value.trim().replace(/^'|'$/g, ""));
}

describe("the database's CHECK constraints", () => {
  const db = openDatabase(":memory:");
  const tableSql = (table: string) =>
    (
      db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as {
        sql: string;
      }
    ).sql;

  it.each(COLUMNS)("%s.%s admits exactly the values openapi.yaml lists", (table, column, values) => {
    expect(checkedValues(tableSql(table), column)).toEqual([...values]);
  });
});
