import { describe, expect, it } from "vitest";
import { createKey, provisionKey, reissueKey } from "./keys.ts";
import type { PlantRow } from "./rows.ts";

const row = (n: number, content: string): PlantRow => ({ row: n, serialNumber: "SN", content });

describe("bulk idempotency keys", () => {
  it("are the same for the same row and content, in any file (a re-run, subset or superset replays)", () => {
    expect(createKey(row(1, "a"))).toBe(createKey(row(1, "a")));
    expect(createKey(row(1, "a"))).toMatch(/^voke-bulk-create-[0-9a-f]{64}$/);
    expect(provisionKey(row(1, "a"), "p1")).toMatch(/^voke-bulk-provision-[0-9a-f]{64}$/);
    expect(reissueKey(row(1, "a"), "p1")).toMatch(/^voke-bulk-reissue-[0-9a-f]{64}$/);
  });

  it("change with the row number, the row's content, the attempt, the step and the plant", () => {
    const base = createKey(row(1, "a"));
    const others = [createKey(row(2, "a")), createKey(row(1, "b")), createKey(row(1, "a"), 1)];
    expect(new Set([base, ...others]).size).toBe(4);
    expect(provisionKey(row(1, "a"), "p1")).not.toBe(provisionKey(row(1, "a"), "p2"));
    expect(provisionKey(row(1, "a"), "p1")).not.toBe(reissueKey(row(1, "a"), "p1"));
  });
});
