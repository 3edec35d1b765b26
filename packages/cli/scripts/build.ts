/**
 * Bundles the CLI into dist/voke.js (ESM, Node 22+) with esbuild: the SDK from source and every
 * dependency inlined, each command split into its own chunk that loads only when that command runs.
 */

import { chmod, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface BuildOptions {
  /** Output directory (default `dist` in the package). The entry is `<outdir>/voke.js`. */
  outdir?: string;
}

export interface BuildResult {
  /** Path of the executable entry. */
  entry: string;
  metafile: Metafile;
}

// CommonJS dependencies (cli-table3) call require() for Node built-ins; ESM output needs a real one.
const requireShim =
  'import { createRequire as __vokeCreateRequire } from "node:module";\nconst require = __vokeCreateRequire(import.meta.url);';

export async function buildCli(options: BuildOptions = {}): Promise<BuildResult> {
  const outdir = options.outdir ?? join(packageDir, "dist");
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: { voke: "src/bin.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // Workspace packages are bundled from their TypeScript sources, never from a stale dist/.
    conditions: ["@voke/source"],
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: requireShim },
    minify: true,
    keepNames: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const entry = join(outdir, "voke.js");
  await chmod(entry, 0o755);
  return { entry, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { entry, metafile } = await buildCli();
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  process.stdout.write(
    `built ${entry} (${Object.keys(metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB)\n`,
  );
}
