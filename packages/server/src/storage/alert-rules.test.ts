// The rules the broker evaluates on telemetry: a plant's own and its organization's plant-wide ones, enabled only.
import { afterEach, describe, expect, it } from "vitest";
import type { AlertRuleRecord } from "./alert-rules.ts";
import { openStore, type Store } from "./store.ts";

let store: Store | undefined;
afterEach(() => store?.close());

const NOW = "2025-06-15T12:00:00.000Z";

function open(): Store {
  const s = openStore(":memory:");
  store = s;
  for (const org of ["org", "other"])
    s.organizations.insert({ id: org, name: org, createdAt: NOW, updatedAt: NOW });
  for (const [id, org] of [
    ["p1", "org"],
    ["p2", "org"],
    ["q1", "other"],
  ] as const) {
    s.db.sqlite
      .prepare(
        `INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'SENSOR', 'MTLS', ?, ?)`,
      )
      .run(id, org, id, `SN-${id}`, NOW, NOW);
  }
  return s;
}

function rule(id: string, extra: Partial<AlertRuleRecord>): AlertRuleRecord {
  return {
    id,
    organizationId: "org",
    plantId: null,
    name: id,
    metric: "socPct",
    condition: "LT",
    threshold: 10,
    severity: "WARNING",
    cooldownMinutes: 15,
    enabled: true,
    lastTriggeredAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

describe("alert rule store", () => {
  it("lists the enabled rules of the plant and of its whole organization, nothing else", () => {
    const s = open();
    s.alertRules.insert(rule("own", { plantId: "p1" }));
    s.alertRules.insert(rule("wide", {}));
    s.alertRules.insert(rule("sibling", { plantId: "p2" }));
    s.alertRules.insert(rule("disabled", { plantId: "p1", enabled: false }));
    s.alertRules.insert(rule("foreign", { organizationId: "other", plantId: null }));
    const ids = s.alertRules
      .listEnabledFor("org", "p1")
      .map((r) => r.id)
      .sort();
    expect(ids).toEqual(["own", "wide"]);
  });

  it("answers from memory until a rule changes, and sees every change at once", () => {
    const s = open();
    s.alertRules.insert(rule("own", { plantId: "p1" }));
    const first = s.alertRules.listEnabledFor("org", "p1");
    expect(s.alertRules.listEnabledFor("org", "p1")).toBe(first);
    s.alertRules.update("own", { enabled: false });
    expect(s.alertRules.listEnabledFor("org", "p1")).toEqual([]);
    s.alertRules.insert(rule("wide", {}));
    expect(s.alertRules.listEnabledFor("org", "p1").map((r) => r.id)).toEqual(["wide"]);
    s.alertRules.delete("wide");
    expect(s.alertRules.listEnabledFor("org", "p1")).toEqual([]);
  });

  it("records when a rule last raised an alert", () => {
    const s = open();
    s.alertRules.insert(rule("r", {}));
    expect(s.alertRules.listEnabledFor("org", "p1")[0]?.lastTriggeredAt).toBeNull();
    s.alertRules.markTriggered("r", "2025-06-15T12:05:00.000Z");
    expect(s.alertRules.listEnabledFor("org", "p1")[0]?.lastTriggeredAt).toBe("2025-06-15T12:05:00.000Z");
  });
});
