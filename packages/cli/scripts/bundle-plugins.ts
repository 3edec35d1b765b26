/**
 * esbuild plugin that keeps the bundled `voke` from doing work at startup that no command needs:
 * evaluating every lazy export of a Node built-in.
 */

import { isBuiltin } from "node:module";
import type { Plugin } from "esbuild";

/**
 * Node built-ins come from `process.getBuiltinModule()`, not `import`. Importing a built-in as ESM
 * builds a namespace of every export, which runs the lazy getters behind them (`http.WebSocket`
 * loads all of undici, `fs.promises` and `util.parseArgs` their own modules); esbuild's CommonJS
 * interop would copy every property too. Here each imported name is read on its own, only when some
 * code imports it (unused names are tree-shaken). Every importer gets a wrapper of its own, so a
 * built-in is read when the first module that imports it runs, and only the names that module uses.
 */
export const builtinsViaGetBuiltinModule: Plugin = {
  name: "builtins-via-get-builtin-module",
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      const namespace = args.kind === "require-call" ? "node-builtin-cjs" : "node-builtin";
      return { path: `${args.path}?${args.importer}`, namespace };
    });
    build.onLoad({ filter: /.*/, namespace: "node-builtin-cjs" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(builtinName(args.path))});`,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => {
      const name = builtinName(args.path);
      const exported = Object.getOwnPropertyNames(process.getBuiltinModule(name)).filter(
        (key) => IDENTIFIER.test(key) && key !== "default",
      );
      const load = `process.getBuiltinModule(${JSON.stringify(name)})`;
      // Local names are numbered, so no export name can collide with them.
      const lines = [
        ...(LOADED_ON_FIRST_USE.has(name.replace(/^node:/, ""))
          ? [
              "let loaded;",
              `const load = () => (loaded ??= ${load});`,
              `export default new Proxy({}, {
  get: (_, key) => Reflect.get(load(), key),
  set: (_, key, value) => Reflect.set(load(), key, value),
  has: (_, key) => Reflect.has(load(), key),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});`,
              "const read = (key) => load()[key];",
            ]
          : [`const builtin = ${load};`, "export default builtin;", "const read = (key) => builtin[key];"]),
        ...exported.map(
          (key, index) =>
            `const export${index} = /* @__PURE__ */ read(${JSON.stringify(key)});\nexport { export${index} as ${key} };`,
        ),
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Built-ins whose default export loads the module only when first used. commander imports
 * child_process (~3 ms: it brings net, dgram and streams) for executable subcommands, which voke
 * never has.
 */
const LOADED_ON_FIRST_USE = new Set(["child_process"]);

/** `node:fs?/importer/path.ts` → `node:fs`. */
function builtinName(path: string): string {
  return path.slice(0, path.indexOf("?"));
}
