import { describe, expect, it } from "vitest";
import { createKey, fileDigest, provisionKey } from "./keys.ts";
import type { PlantRow } from "./rows.ts";

const row = (n: number, content: string): PlantRow => ({ row: n, serialNumber: "SN", content });

describe("bulk idempotency keys", () => {
  const digest = fileDigest("name,serialNumber,type\nA,SN-1,SENSOR\n");

  it("are the same for the same file, row and content (a re-run replays)", () => {
    expect(createKey(digest, row(1, "a"))).toBe(createKey(digest, row(1, "a")));
    expect(createKey(digest, row(1, "a"))).toMatch(/^voke-bulk-create-[0-9a-f]{64}$/);
    expect(provisionKey(digest, row(1, "a"), "p1")).toMatch(/^voke-bulk-provision-[0-9a-f]{64}$/);
  });

  it("change with the file, the row number, the row's content, the attempt and the plant", () => {
    const base = createKey(digest, row(1, "a"));
    const others = [
      createKey(fileDigest("other file"), row(1, "a")),
      createKey(digest, row(2, "a")),
      createKey(digest, row(1, "b")),
      createKey(digest, row(1, "a"), 1),
    ];
    expect(new Set([base, ...others]).size).toBe(5);
    expect(provisionKey(digest, row(1, "a"), "p1")).not.toBe(provisionKey(digest, row(1, "a"), "p2"));
  });
});
