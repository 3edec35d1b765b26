import { describe, expect, it } from "vitest";
import { UsageError } from "../../../errors.ts";
import { Utf8Check } from "./encoding.ts";

function check(bytes: number[] | string, chunk = 3): void {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes);
  const checker = new Utf8Check("plants.csv");
  for (let at = 0; at < data.length; at += chunk) checker.push(data.subarray(at, at + chunk));
  checker.end();
}

describe("Utf8Check", () => {
  it("accepts UTF-8 with and without a byte order mark, split anywhere", () => {
    for (const chunk of [1, 2, 3, 7]) {
      expect(() => check("\uFEFFname,serialNumber\nStřecha 🌞,SN-é\n", chunk)).not.toThrow();
    }
  });

  it("names the line and column of an invalid byte (a Latin-1 é)", () => {
    const latin1 = [...new TextEncoder().encode("name,serialNumber\nRoof,SN-"), 0xe9, 0x0a];
    expect(() => check(latin1)).toThrow(UsageError);
    expect(() => check(latin1)).toThrow(
      "plants.csv: invalid UTF-8 at line 2, column 9 (byte 0xE9): save the file as UTF-8",
    );
  });

  it("refuses overlong forms, surrogates and a sequence cut off at the end", () => {
    expect(() => check([0x41, 0xc0, 0x80])).toThrow(/line 1, column 2 \(byte 0xC0\)/);
    expect(() => check([0xed, 0xa0, 0x80])).toThrow(/byte 0xED/);
    expect(() => check([0x41, 0xe2, 0x82])).toThrow(/cut off by the end of the file/);
  });

  it("refuses UTF-16 clearly, with or without a byte order mark", () => {
    expect(() => check([0xff, 0xfe, 0x6e, 0x00])).toThrow(/is UTF-16 \(little-endian, starts FF FE\)/);
    expect(() => check([0xfe, 0xff, 0x00, 0x6e])).toThrow(/is UTF-16 \(big-endian/);
    expect(() => check([0x6e, 0x00, 0x61, 0x00])).toThrow(/a NUL byte at line 1, column 2 \(UTF-16 without/);
  });
});
