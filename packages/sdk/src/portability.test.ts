import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const NODE_BUILTINS = new Set(builtinModules);

/** Every module specifier a source file imports or re-exports (type-only imports included). */
function specifiers(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = source.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g,
  );
  return [...found].map((m) => m[1] ?? m[2] ?? "");
}

/** Walks the relative imports from `entry`; returns each file and the bare specifiers it reaches. */
function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const files: string[] = [];
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith(".")) queue.push(resolve(dirname(file), spec));
      else external.add(spec);
    }
  }
  return { files, external };
}

describe("the main entry runs in any runtime with fetch", () => {
  test("src/index.ts reaches no node: module, no Node built-in and no undici", () => {
    const { files, external } = importGraph(resolve(here, "index.ts"));
    expect(files.map((f) => f.slice(here.length + 1))).toContain("transport.ts");
    const nodeOnly = [...external].filter(
      (spec) =>
        spec.startsWith("node:") ||
        NODE_BUILTINS.has(spec) ||
        spec === "undici" ||
        spec.startsWith("undici/"),
    );
    expect(nodeOnly).toEqual([]);
    expect([...external].sort()).toEqual(["eventsource-parser", "openapi-fetch"]);
  });

  test("the scan does see Node-only imports: src/node.ts reaches undici", () => {
    expect(importGraph(resolve(here, "node.ts")).external).toContain("undici");
  });

  test("esbuild bundles src/index.ts for the browser without a Node module", async () => {
    const result = await build({
      entryPoints: [resolve(here, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes("openapi-fetch"))).toBe(true);
    expect(inputs.filter((i) => i.startsWith("node:") || i.includes("undici"))).toEqual([]);
  });
});
