/** Finds and runs the Bun and Deno executables that the `bun` and `deno` npm packages (root devDependencies) install. */
import { type SpawnSyncOptions, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Runtime = "bun" | "deno";

const require = createRequire(import.meta.url);
const ROOT_PACKAGE_JSON = fileURLToPath(new URL("../../../package.json", import.meta.url));

/**
 * The runtime's own executable (not the npm package's Node wrapper, which would add a Node start-up to
 * every run). Throws naming the package when it is not installed.
 *
 * @example spawnSync(runtimeBinary("deno"), ["run", "script.js"])
 */
export function runtimeBinary(runtime: Runtime): string {
  const packageDir = dirname(require.resolve(`${runtime}/package.json`));
  // Each package's install script puts the platform binary here.
  const binary = runtime === "deno" ? join(packageDir, "deno") : join(packageDir, "bin", "bun.exe");
  if (!existsSync(binary)) {
    throw new Error(
      `${runtime}: no executable at ${binary}; run pnpm install (the ${runtime} package's install script places it)`,
    );
  }
  return binary;
}

/**
 * Runs `runtime` with `args`. Deno, when it fails to resolve a module, "migrates" pnpm-workspace.yaml into
 * the root package.json; that edit is undone here and reported on stderr so a run never changes the checkout.
 *
 * @example const run = runRuntime("deno", ["test", "--no-check", "suite.js"], { cwd });
 */
export function runRuntime(
  runtime: Runtime,
  args: string[],
  options: SpawnSyncOptions = {},
): SpawnSyncReturns<string> {
  const before = readFileSync(ROOT_PACKAGE_JSON, "utf8");
  const env = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...(options.env ?? process.env) };
  const run = spawnSync(runtimeBinary(runtime), args, { timeout: 60_000, ...options, env, encoding: "utf8" });
  if (readFileSync(ROOT_PACKAGE_JSON, "utf8") !== before) {
    writeFileSync(ROOT_PACKAGE_JSON, before);
    run.stderr += `\n(${runtime} rewrote package.json; restored)\n`;
  }
  return run;
}
