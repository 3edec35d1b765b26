import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runVoke } from "../../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../../test-support/real-api.ts";

const dir = mkdtempSync(join(tmpdir(), "voke-strict-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

async function bulk(name: string, bytes: Uint8Array | string) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const result = await runVoke(["plants", "create", "--from-file", file], {
    env: { ...api.env, VOKE_CONFIG_DIR: join(dir, "config") },
    createClient: api.createClient,
  });
  return { ...result, sent: api.sent };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("bulk files are read strictly, before anything is sent", () => {
  it("refuses a Latin-1 file (exit 2) naming line and column, instead of storing mangled serials", async () => {
    const latin1 = Uint8Array.from([
      ...utf8("name,serialNumber,type\nA,SN-"),
      0xe9,
      ...utf8(",SENSOR\nB,SN-"),
      0xe8,
      ...utf8(",SENSOR\n"),
    ]);
    const { code, stderr, stdout, sent } = await bulk("latin1.csv", latin1);
    expect(code).toBe(2);
    expect(stderr).toContain("invalid UTF-8 at line 2, column 6 (byte 0xE9)");
    expect(stdout).toBe("");
    expect(sent).toEqual([]);
  });

  it("refuses UTF-16 clearly (exit 2), with nothing sent", async () => {
    const text = "name,serialNumber,type\nA,SN-1,SENSOR\n";
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const { code, stderr, sent } = await bulk("utf16.csv", utf16);
    expect(code).toBe(2);
    expect(stderr).toContain("is UTF-16 (little-endian, starts FF FE): save it as UTF-8");
    expect(sent).toEqual([]);
  });

  it("reads UTF-8 with a byte order mark and non-ASCII serials as they are", async () => {
    const { code } = await bulk(
      "bom.csv",
      "\uFEFFname,serialNumber,type\nStřecha,SN-é,SENSOR\nB,SN-è,SENSOR\n",
    );
    expect(code).toBe(0);
    const stored = await api.harness.request("GET", "/api/v1/plants");
    const serials = stored.body.data.map((plant: { serialNumber: string }) => plant.serialNumber);
    expect(serials.sort()).toEqual(["SN-è", "SN-é"].sort());
  });

  it("reports an unterminated quote with its line (exit 2), so no later row silently goes missing", async () => {
    const { code, stderr, sent } = await bulk(
      "quote.csv",
      'name,serialNumber,type\nA,SN-1,SENSOR\n"Roof, east,SN-2,SENSOR\nC,SN-3,SENSOR\nD,SN-4,SENSOR\n',
    );
    expect(code).toBe(2);
    expect(stderr).toContain("line 3: a quoted field opened here is never closed");
    expect(sent).toEqual([]);
  });
});
