/**
 * Bundles the CLI into dist/ with esbuild (Node 22+, the SDK from source, every dependency inlined):
 * voke.js, the executable, answers --version alone and otherwise runs core-<hash>.cjs, the whole CLI
 * in one CommonJS file (each command's code still runs only when that command does), through a code
 * cache kept after each new command (see src/startup/); heavy dependencies only some commands use
 * are bundled apart into ext/ and loaded by those commands.
 */

import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions as EsbuildOptions, type Metafile } from "esbuild";
import { MODULE_FUNCTION_HEAD, MODULE_FUNCTION_TAIL } from "../src/startup/code-cache.ts";
import {
  coreThroughCodeCache,
  externalEntries,
  externalEntryPoints,
  externalPackages,
} from "./bundle-layout.ts";
import { builtinsViaGetBuiltinModule } from "./bundle-plugins.ts";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface BuildOptions {
  /** Output directory (default `dist` in the package). The entry is `<outdir>/voke.js`. */
  outdir?: string;
}

export interface BuildResult {
  /** Path of the executable entry. */
  entry: string;
  /** Path of the core bundle the entry runs. */
  core: string;
  /** The three builds' metafiles in one: entry, core, ext/. */
  metafile: Metafile;
}

const common = {
  absWorkingDir: packageDir,
  bundle: true,
  platform: "node",
  target: "node22",
  // Workspace packages are bundled from their TypeScript sources, never from a stale dist/.
  conditions: ["@voke/source"],
  minify: true,
  keepNames: true,
  legalComments: "none",
  metafile: true as const,
  logLevel: "warning" as const,
} satisfies EsbuildOptions;

export async function buildCli(options: BuildOptions = {}): Promise<BuildResult> {
  const outdir = options.outdir ?? join(packageDir, "dist");
  await rm(outdir, { recursive: true, force: true });

  const ext = await build({
    ...common,
    entryPoints: externalEntryPoints,
    outdir: join(outdir, "ext"),
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    plugins: [externalEntries, builtinsViaGetBuiltinModule],
  });

  const core = await build({
    ...common,
    entryPoints: { core: "src/main.ts" },
    outdir,
    entryNames: "[name]-[hash]",
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    // The core runs as a vm.Script, which has no import(): lazy imports become lazy requires.
    supported: { "dynamic-import": false },
    // It is written as the function the code cache runs (src/startup/code-cache.ts).
    banner: { js: MODULE_FUNCTION_HEAD },
    footer: { js: MODULE_FUNCTION_TAIL },
    // Names stay as written: keepNames would set every function's name at start-up (~460 calls, 190 KB
    // of heap). Error classes take their `name` from the source's class names, kept below.
    minify: false,
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    keepNames: false,
    plugins: [externalPackages, builtinsViaGetBuiltinModule],
  });
  const coreFile = Object.keys(core.metafile.outputs).find((file) => file.endsWith(".cjs"));
  if (!coreFile) throw new Error("the core build wrote no .cjs file");
  const coreText = await readFile(join(packageDir, coreFile), "utf8");
  if (/\bimport\(/.test(coreText)) {
    throw new Error(`${coreFile} still calls import(), which a vm.Script cannot run`);
  }
  // esbuild renames a name two modules share (`Foo2`): an error class would then report that name.
  const renamed = /\bclass\s+([A-Z]\w*Error\d+)\b|\b([A-Z]\w*Error\d+)\s*=\s*class\b/.exec(coreText);
  if (renamed) throw new Error(`${coreFile}: error class renamed to ${renamed[1] ?? renamed[2]}`);

  const entryBuild = await build({
    ...common,
    entryPoints: { voke: "src/bin.ts" },
    outdir,
    format: "cjs",
    plugins: [coreThroughCodeCache(basename(coreFile)), builtinsViaGetBuiltinModule],
  });
  const entry = join(outdir, "voke.js");
  await chmod(entry, 0o755);
  // The package is ES modules; dist/ says it holds CommonJS, so Node runs voke.js without its ES module loader.
  await writeFile(join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  return {
    entry,
    core: join(packageDir, coreFile),
    metafile: {
      inputs: { ...ext.metafile.inputs, ...core.metafile.inputs, ...entryBuild.metafile.inputs },
      outputs: { ...ext.metafile.outputs, ...core.metafile.outputs, ...entryBuild.metafile.outputs },
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { entry, metafile } = await buildCli();
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  process.stdout.write(
    `built ${entry} (${Object.keys(metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB)\n`,
  );
}
