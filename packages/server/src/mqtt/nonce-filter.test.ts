// The filter may say "maybe" for a key never added, never "no" for one that was.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createNonceFilter } from "./nonce-filter.ts";

describe("createNonceFilter", () => {
  it("never forgets a key, and rarely claims one it never saw", () => {
    const filter = createNonceFilter(1 << 20);
    const added = Array.from({ length: 20_000 }, () => `plant ${randomUUID()}`);
    for (const key of added) filter.add(key);
    expect(added.every((key) => filter.mightHave(key))).toBe(true);
    const strangers = Array.from({ length: 20_000 }, () => `plant ${randomUUID()}`);
    const falseMaybes = strangers.filter((key) => filter.mightHave(key)).length;
    expect(falseMaybes).toBeLessThan(200); // about 0.2% expected at this load
  });
});
