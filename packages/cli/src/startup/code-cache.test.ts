import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asModuleFunction, runCachedScript } from "./code-cache.ts";

/** A CommonJS "bundle" with some functions to compile, and a sibling file it requires. */
function bundle(body = "module.exports.sum = (a, b) => a + b;"): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), "voke-code-cache-"));
  writeFileSync(join(dir, "sibling.cjs"), "module.exports = 'beside the bundle';");
  const file = join(dir, "core-TEST.cjs");
  writeFileSync(
    file,
    asModuleFunction(
      `${body}\nmodule.exports.sibling = () => require("./sibling.cjs");\nmodule.exports.fail = () => { throw new Error("from line 4"); };`,
    ),
  );
  return { file, cacheDir: join(dir, "cache") };
}

function cacheFileOf(cacheDir: string): string {
  const [name] = readdirSync(cacheDir);
  if (name === undefined) throw new Error("no cache file was written");
  return join(cacheDir, name);
}

function headerOf(cacheFile: string): { commands: string[] } {
  const contents = readFileSync(cacheFile);
  return JSON.parse(contents.subarray(0, contents.indexOf(0x0a)).toString("utf8"));
}

type Exports = { sum(a: number, b: number): number; sibling(): string; fail(): never };

// In one process V8 reuses the script it already compiled, so these check voke's side of the cache;
// test/code-cache.test.ts checks in fresh processes that V8 takes the data, or refuses damaged data.
describe("runCachedScript", () => {
  it("runs the bundle as CommonJS: exports, require beside the file, stack lines of the file", () => {
    const { file } = bundle();
    const script = runCachedScript({ file, cacheDir: undefined, command: "plants list" });
    const exports = script.exports as Exports;
    expect(exports.sum(2, 3)).toBe(5);
    expect(exports.sibling()).toBe("beside the bundle");
    expect(() => exports.fail()).toThrow("from line 4");
    try {
      exports.fail();
    } catch (error) {
      expect((error as Error).stack).toContain(`${file}:4:`);
    }
    expect(script.cacheUsed).toBe(false);
    script.save(); // no cache directory: nothing to do, and no error
  });

  it("writes a private cache after the first run and runs from it next time without rewriting it", () => {
    const { file, cacheDir } = bundle();
    const first = runCachedScript({ file, cacheDir, command: "plants list" });
    expect(first.cacheUsed).toBe(false);
    (first.exports as Exports).sum(1, 1);
    first.save();
    const cacheFile = cacheFileOf(cacheDir);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(headerOf(cacheFile).commands).toEqual(["plants list"]);

    const written = readFileSync(cacheFile);
    const second = runCachedScript({ file, cacheDir, command: "plants list" });
    expect(second.cacheUsed).toBe(true);
    expect((second.exports as Exports).sum(2, 2)).toBe(4);
    second.save();
    expect(readFileSync(cacheFile).equals(written)).toBe(true);
  });

  it("adds each new command to the cache once", () => {
    const { file, cacheDir } = bundle();
    runCachedScript({ file, cacheDir, command: "plants list" }).save();
    const next = runCachedScript({ file, cacheDir, command: "plants get" });
    expect(next.cacheUsed).toBe(true);
    next.save();
    expect(headerOf(cacheFileOf(cacheDir)).commands).toEqual(["plants list", "plants get"]);
  });

  it("does not use a cache made for another version of the file, and replaces it", () => {
    const { file, cacheDir } = bundle();
    runCachedScript({ file, cacheDir, command: "plants list" }).save();
    writeFileSync(file, asModuleFunction("module.exports.sum = (a, b) => a * b; // edited in place"));
    const edited = runCachedScript({ file, cacheDir, command: "plants list" });
    expect(edited.cacheUsed).toBe(false);
    expect((edited.exports as Exports).sum(2, 3)).toBe(6);
    edited.save();
    expect(runCachedScript({ file, cacheDir, command: "plants list" }).cacheUsed).toBe(true);
  });

  it("neither reads nor writes a cache directory others can write to", () => {
    const { file, cacheDir } = bundle();
    runCachedScript({ file, cacheDir, command: "plants list" }).save();
    chmodSync(cacheDir, 0o777);
    const shared = runCachedScript({ file, cacheDir, command: "plants get" });
    expect(shared.cacheUsed).toBe(false);
    shared.save();
    expect(headerOf(cacheFileOf(cacheDir)).commands).toEqual(["plants list"]);

    const fresh = bundle();
    mkdirSync(fresh.cacheDir, { mode: 0o777 });
    chmodSync(fresh.cacheDir, 0o777);
    runCachedScript({ file: fresh.file, cacheDir: fresh.cacheDir, command: "plants list" }).save();
    expect(readdirSync(fresh.cacheDir)).toEqual([]);
  });

  it("removes the caches of other bundles once they have gone unwritten for a month", () => {
    const { file, cacheDir } = bundle();
    mkdirSync(cacheDir, { mode: 0o700 });
    const old = join(cacheDir, "core-OLD.cjs-v24.0.0-x64.cache");
    const recent = join(cacheDir, "core-RECENT.cjs-v24.0.0-x64.cache");
    writeFileSync(old, "stale", { mode: 0o600 });
    writeFileSync(recent, "in use elsewhere", { mode: 0o600 });
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(old, longAgo, longAgo);
    runCachedScript({ file, cacheDir, command: "plants list" }).save();
    const names = readdirSync(cacheDir);
    expect(names).not.toContain("core-OLD.cjs-v24.0.0-x64.cache");
    expect(names).toContain("core-RECENT.cjs-v24.0.0-x64.cache");
    expect(names.filter((name) => name.startsWith("core-TEST.cjs-"))).toHaveLength(1);
  });
});
