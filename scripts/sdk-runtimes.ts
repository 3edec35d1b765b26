/**
 * The SDK's runtime matrix: runs the portability suite (packages/sdk/test/portable/sdk.portable.js,
 * against the built dist/) under Node, Bun and Deno, each with its own test runner. Exits 1 if any
 * runtime fails. `pnpm build` first.
 *
 * Usage: node scripts/sdk-runtimes.ts [node|bun|deno ...]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runRuntime } from "../packages/sdk/test/runtime-binaries.ts";

const SUITE_DIR = fileURLToPath(new URL("../packages/sdk/test/portable/", import.meta.url));
const SUITE = "sdk.portable.js";
const DIST = fileURLToPath(new URL("../packages/sdk/dist/index.js", import.meta.url));

type Result = { status: number | null; stdout: string; stderr: string; version: string };

const runners: Record<string, () => Result> = {
  node: () => {
    const run = spawnSync(process.execPath, ["--test", SUITE], {
      cwd: SUITE_DIR,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { ...run, version: process.version };
  },
  bun: () => {
    const run = runRuntime("bun", ["test", `./${SUITE}`], { cwd: SUITE_DIR });
    return { ...run, version: runRuntime("bun", ["--version"]).stdout.trim() };
  },
  deno: () => {
    // Type checking would need @types/node for node:test; the suite is plain JavaScript anyway.
    const run = runRuntime("deno", ["test", "--no-prompt", "--no-check", "--allow-net=127.0.0.1", SUITE], {
      cwd: SUITE_DIR,
    });
    return { ...run, version: runRuntime("deno", ["--version"]).stdout.split("\n")[0] ?? "" };
  },
};

if (!existsSync(DIST)) {
  console.error("sdk-runtimes: packages/sdk/dist is missing; run pnpm build first");
  process.exit(2);
}
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in runners));
if (unknown.length > 0) {
  console.error(
    `sdk-runtimes: unknown runtime ${unknown.join(", ")}; choose from ${Object.keys(runners).join(", ")}`,
  );
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : Object.keys(runners)) {
  const started = performance.now();
  const result = (runners[name] as () => Result)();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`sdk-runtimes: ${name} (${result.version}): ${ok ? "ok" : "FAILED"} in ${seconds} s`);
  if (!ok) {
    failed++;
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
  }
}
process.exit(failed === 0 ? 0 : 1);
