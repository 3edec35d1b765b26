/** Finds the Bun and Deno executables that the `bun` and `deno` npm packages (root devDependencies) install. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Runtime = "bun" | "deno";

const require = createRequire(import.meta.url);

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
