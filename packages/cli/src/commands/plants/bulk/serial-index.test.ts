import { describe, expect, it } from "vitest";
import { SerialIndex } from "./serial-index.ts";

describe("SerialIndex", () => {
  it("gives the first row of a serial seen before, through many growths", () => {
    const index = new SerialIndex();
    for (let row = 1; row <= 50_000; row++) expect(index.firstRowOf(`SN-${row}`, row)).toBeUndefined();
    expect(index.firstRowOf("SN-1", 50_001)).toBe(1);
    expect(index.firstRowOf("SN-31337", 50_002)).toBe(31337);
    expect(index.firstRowOf("SN-50000", 50_003)).toBe(50_000);
    expect(index.firstRowOf("sn-1", 50_004)).toBeUndefined();
    expect(index.firstRowOf("", 50_005)).toBeUndefined();
    expect(index.firstRowOf("", 50_006)).toBe(50_005);
  });
});
