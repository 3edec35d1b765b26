/** The code cache across real processes, as voke starts: V8 takes the saved data, or refuses damaged data. */

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { asModuleFunction } from "../src/startup/code-cache.ts";

const codeCache = join(dirname(fileURLToPath(import.meta.url)), "../src/startup/code-cache.ts");

/** Runs the bundle in a new process, as voke.js does, and reports what happened. */
function runInProcess(
  file: string,
  cacheDir: string,
  command: string,
): { cacheUsed: boolean; answer: number } {
  const script = `
    import { runCachedScript } from ${JSON.stringify(codeCache)};
    const run = runCachedScript({ file: ${JSON.stringify(file)}, cacheDir: ${JSON.stringify(cacheDir)}, command: ${JSON.stringify(command)} });
    const answer = run.exports.answer(6);
    run.save();
    process.stdout.write(JSON.stringify({ cacheUsed: run.cacheUsed, answer }));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  );
}

function setUp(): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), "voke-code-cache-process-"));
  const file = join(dir, "core-TEST.cjs");
  writeFileSync(file, asModuleFunction("module.exports.answer = (n) => [n, 7].reduce((a, b) => a * b, 1);"));
  return { file, cacheDir: join(dir, "cache") };
}

describe("the code cache between processes", () => {
  it("is written by the first run and taken by V8 in the next one", () => {
    const { file, cacheDir } = setUp();
    expect(runInProcess(file, cacheDir, "plants list")).toEqual({ cacheUsed: false, answer: 42 });
    expect(runInProcess(file, cacheDir, "plants list")).toEqual({ cacheUsed: true, answer: 42 });
  });

  it("is refused by V8 when damaged, and replaced by a good one", () => {
    const { file, cacheDir } = setUp();
    runInProcess(file, cacheDir, "plants list");
    const [name] = readdirSync(cacheDir);
    const cacheFile = join(cacheDir, name as string);
    const contents = readFileSync(cacheFile);
    contents.fill(7, contents.indexOf(0x0a) + 1, contents.indexOf(0x0a) + 9); // V8's magic number and version
    writeFileSync(cacheFile, contents, { mode: 0o600 });
    expect(runInProcess(file, cacheDir, "plants list")).toEqual({ cacheUsed: false, answer: 42 });
    expect(runInProcess(file, cacheDir, "plants list")).toEqual({ cacheUsed: true, answer: 42 });
  });
});
