/**
 * How the bundle is laid out: dependencies only some commands use go to ext/, and voke.js runs the
 * core beside it through the code cache. esbuild plugins for scripts/build.ts.
 */

import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Dependencies of a few commands only, bundled apart into `ext/<name>.cjs`: undici behind a proxy,
 * mqtt for `device simulate`, conf for writing profiles, the terminal's colour and spinner, and
 * jq for `--jq`. Left in the core, their code would be read on every start. `uses` says how the CLI imports
 * each: its default export (`const { default: Conf } = await import("conf")`) or named ones.
 */
export const EXTERNAL_PACKAGES = {
  chalk: { specifier: "chalk", uses: "named" },
  ora: { specifier: "ora", uses: "default" },
  conf: { specifier: "conf", uses: "default" },
  "sdk-node": { specifier: "@voke/sdk/node", uses: "named" },
  device: { specifier: "@voke/device", uses: "named" },
  // jq compiled to WebAssembly (1.3 MB), for --jq only.
  jq: { specifier: "jq-wasm", uses: "named" },
} as const;

const externalPaths = new Map<string, string>(
  Object.entries(EXTERNAL_PACKAGES).map(([name, { specifier }]) => [specifier, `./ext/${name}.cjs`]),
);

/** The ext/ entry points, one virtual module per package (see `externalEntries`). */
export const externalEntryPoints: Record<string, string> = Object.fromEntries(
  Object.keys(EXTERNAL_PACKAGES).map((name) => [name, `external-package:${name}`]),
);

/**
 * Each ext/ file exports what the core's import expects. The core is in a `"type": "module"`
 * package, so esbuild gives `import()` of a CommonJS file Node's meaning: the default export is
 * `module.exports`, named exports are its properties. A package used for its default export
 * therefore exports that value itself; one used for named exports exports its namespace.
 */
export const externalEntries: Plugin = {
  name: "external-entries",
  setup(build) {
    build.onResolve({ filter: /^external-package:/ }, (args) => ({
      path: args.path.slice("external-package:".length),
      namespace: "external-package",
    }));
    build.onLoad({ filter: /.*/, namespace: "external-package" }, (args) => {
      const { specifier, uses } = EXTERNAL_PACKAGES[args.path as keyof typeof EXTERNAL_PACKAGES];
      const load = `require(${JSON.stringify(specifier)})`;
      return {
        loader: "js",
        resolveDir: packageDir,
        contents:
          uses === "default"
            ? `const loaded = ${load};\nmodule.exports = loaded && loaded.__esModule ? loaded.default : loaded;`
            : `module.exports = ${load};`,
      };
    });
  },
};

/**
 * In the core, each of EXTERNAL_PACKAGES is required from its own file in ext/, after Node's compile
 * cache is switched on for it (src/startup/ext-compile-cache.ts).
 */
export const externalPackages: Plugin = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[@a-z]/ }, (args) => {
      const path = externalPaths.get(args.path);
      return path === undefined ? undefined : { path, namespace: "ext-loader" };
    });
    build.onResolve({ filter: /^\.\/ext\// }, (args) =>
      args.namespace === "ext-loader" ? { path: args.path, external: true } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "ext-loader" }, (args) => ({
      loader: "js",
      resolveDir: join(packageDir, "src"),
      contents: `require("./startup/ext-compile-cache.ts").enableExtCompileCache();
module.exports = require(${JSON.stringify(args.path)});
`,
    }));
  },
};

/**
 * In voke.js, `import("./main.ts")` (src/bin.ts) loads the CommonJS core bundled beside it, through
 * the code cache (src/startup/bundled-core.ts), instead of bundling main.ts in.
 */
export function coreThroughCodeCache(coreFileName: string): Plugin {
  return {
    name: "core-through-code-cache",
    setup(build) {
      build.onResolve({ filter: /^\.\/main\.ts$/ }, (args) =>
        args.importer.endsWith(`${sep}src${sep}bin.ts`)
          ? { path: args.path, namespace: "bundled-core" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "bundled-core" }, () => ({
        loader: "js",
        resolveDir: join(packageDir, "src"),
        contents: `import { join } from "node:path";
import { loadBundledCore } from "./startup/bundled-core.ts";
const core = loadBundledCore({
  core: join(__dirname, ${JSON.stringify(coreFileName)}),
  argv: process.argv.slice(2),
  env: process.env,
  terminal: process.stdout.isTTY === true,
  onExit: (save) => process.once("exit", save),
});
export const runCli = core.runCli;
`,
      }));
    },
  };
}
