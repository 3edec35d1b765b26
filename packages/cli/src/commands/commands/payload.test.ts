import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../errors.ts";
import { readPayload } from "./payload.ts";

const noStdin = () => Readable.from([]);
const dir = mkdtempSync(join(tmpdir(), "voke-payload-"));

describe("readPayload", () => {
  it("parses an inline JSON object", async () => {
    expect(await readPayload('{"maxPowerKw": 5, "mode": "eco"}', noStdin())).toEqual({
      maxPowerKw: 5,
      mode: "eco",
    });
  });

  it("reads @file and @- (stdin)", async () => {
    const file = join(dir, "limits.json");
    writeFileSync(file, '{"maxPowerKw": 7}\n');
    expect(await readPayload(`@${file}`, noStdin())).toEqual({ maxPowerKw: 7 });
    expect(await readPayload("@-", Readable.from([Buffer.from('{"fromStdin": true}')]))).toEqual({
      fromStdin: true,
    });
  });

  it.each([
    ["{maxPowerKw: 5}", /^invalid value for --payload: it is not valid JSON \(/],
    ["[1, 2]", /^invalid value for --payload: it must hold a JSON object/],
    ["42", /^invalid value for --payload: it must hold a JSON object/],
    ["@", /^invalid value for --payload: "@" needs a file name/],
    [
      `@${join(dir, "missing.json")}`,
      /^invalid value for --payload: cannot read .*missing\.json: no such file$/,
    ],
  ])("refuses %s with a usage error naming --payload", async (text, message) => {
    const result = readPayload(text, noStdin());
    await expect(result).rejects.toBeInstanceOf(UsageError);
    await expect(result).rejects.toThrow(message);
  });

  it("names the file whose JSON is broken", async () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{");
    await expect(readPayload(`@${file}`, noStdin())).rejects.toThrow(
      `invalid value for --payload: ${file} is not valid JSON`,
    );
  });
});
