// The append-only nonce log: read back by time, pruned from its head without an index.
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";
import { createSeenNonceStore } from "./seen-nonces.ts";

const at = (second: number) => new Date(Date.UTC(2025, 5, 1, 12, 0, second)).toISOString();

describe("seen nonce store", () => {
  it("prunes the rows before the first one still in the window, and reads the window back", () => {
    const db = openDatabase(":memory:");
    const nonces = createSeenNonceStore(db);
    nonces.record("p", "n0", at(0));
    nonces.record("p", "n1", at(1));
    nonces.record("p", "n5", at(5));
    nonces.record("p", "n2", at(2)); // appended late: the clock stepped back
    nonces.record("p", "n6", at(6));

    expect(nonces.deleteSeenBefore(at(3))).toBe(2); // n0, n1
    const left: string[] = [];
    nonces.forEachSeenSince(at(0), (_plant, nonce) => left.push(nonce));
    expect(left).toEqual(["n5", "n2", "n6"]);
    // n2 is older than the window, so it is not read back, and it goes once the rows before it have.
    const window: string[] = [];
    nonces.forEachSeenSince(at(3), (_plant, nonce, seenAt) => window.push(`${nonce}@${seenAt}`));
    expect(window).toEqual([`n5@${at(5)}`, `n6@${at(6)}`]);
    expect(nonces.deleteSeenBefore(at(6))).toBe(2); // n5, n2
    expect(nonces.deleteSeenBefore(at(7))).toBe(1); // n6: nothing is kept, the whole table goes
    expect(nonces.deleteSeenBefore(at(8))).toBe(0);
    db.close();
  });
});
