import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageFileContents, packagePath, removeOrphanedPackages } from "./package-files.ts";

describe("bulk package files", () => {
  it("are DIR/voke-<serial>.json with unsafe characters replaced", () => {
    expect(packagePath("out", "SN-1")).toBe(join("out", "voke-SN-1.json"));
    expect(packagePath("out", "a/../b")).toBe(join("out", "voke-a_.._b.json"));
  });

  it("tell a missing file, a plant's package and anything else apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-pkg-"));
    const file = join(dir, "voke-SN-1.json");
    expect(await packageFileContents(file)).toEqual({});
    const text = JSON.stringify({ plantId: "p1", security: { hmacSecret: "s" } });
    writeFileSync(file, text);
    expect(await packageFileContents(file)).toEqual({ text, holder: "p1" });
    writeFileSync(file, "{truncated");
    expect(await packageFileContents(file)).toEqual({ text: "{truncated", holder: "" });
  });

  it("removes temporary files a killed run left behind, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-pkg-"));
    for (const name of [
      ".voke-SN-1.json.0a1b2c3d4e5f.tmp",
      "voke-SN-2.json",
      ".voke-notes.txt",
      "other.tmp",
    ]) {
      writeFileSync(join(dir, name), "x");
    }
    expect(await removeOrphanedPackages(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([".voke-notes.txt", "other.tmp", "voke-SN-2.json"]);
  });
});
