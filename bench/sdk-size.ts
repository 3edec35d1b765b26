/**
 * What `npm i @voke/sdk` costs an application: `npm pack` of the built SDK installed into a scratch
 * project from the npm registry, reporting the packages it adds, the size on disk, and the gzip size of
 * an esbuild browser bundle of `createVokeClient` + `plants.list` made from that installed copy.
 * Usage: `node bench/sdk-size.ts` (after `pnpm build`; needs the npm registry).
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { type BenchResult, printResult } from "./report.ts";

const SDK_DIR = fileURLToPath(new URL("../packages/sdk/", import.meta.url));
const MAX_PACKAGES = 3;
const MAX_BUNDLE_GZIP_BYTES = 8 * 1024;

export interface SdkSizeFigures {
  /** Packages npm installed besides @voke/sdk itself, and their names. */
  packagesAdded: number;
  packageNames: string[];
  /** Bytes on disk under node_modules (files, as their sizes add up). */
  installedBytes: number;
  /** The packed tarball. */
  tarballBytes: number;
  bundleBytes: number;
  bundleGzipBytes: number;
  /** Chunks loaded only on first use (the event stream), gzip each, added up. */
  lazyChunksGzipBytes: number;
  /** What `@voke/sdk/node` does in that project, where the optional peer undici is not installed. */
  nodeEntryWithoutUndici: string;
}

/** Sum of file sizes under `dir` (symlinks not followed). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

/** Packs, installs and bundles in a temporary directory, removed afterwards. */
export async function measure(): Promise<SdkSizeFigures> {
  const dir = mkdtempSync(join(tmpdir(), "voke-sdk-size-"));
  try {
    // npm pack keeps `workspace:*` as written, which no registry install resolves: the SDK must not
    // depend on another workspace package (or this bench would have to pack and count that one too).
    const manifest = JSON.parse(readFileSync(join(SDK_DIR, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const workspaceDeps = Object.entries(manifest.dependencies ?? {}).filter(([, range]) =>
      range.startsWith("workspace:"),
    );
    if (workspaceDeps.length > 0) {
      throw new Error(`@voke/sdk depends on workspace packages: ${workspaceDeps.map(([n]) => n).join(", ")}`);
    }
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], SDK_DIR)) as {
      filename: string;
    }[];
    const tarball = join(dir, packed[0]?.filename ?? "");
    const project = join(dir, "app");
    execFileSync("mkdir", [project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch-app", private: true }));
    // --ignore-scripts: the figure is what lands on disk, not what install scripts would fetch.
    npm(["install", "--ignore-scripts", tarball], project);

    const lock = JSON.parse(readFileSync(join(project, "node_modules/.package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    const packageNames = Object.keys(lock.packages)
      .map((key) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length))
      .filter((name) => name !== "@voke/sdk")
      .sort();

    // Bundled the way an app's bundler does it: dynamic imports (the event stream's parser) become
    // chunks of their own, loaded on first use. The figure is what the page loads at start: the entry
    // chunk and every chunk it imports statically.
    const entry = join(project, "entry.js");
    writeFileSync(
      entry,
      [
        'import { createVokeClient } from "@voke/sdk";',
        'const voke = createVokeClient({ baseUrl: "https://voke.example.com", token: "t" });',
        "export const listPlants = () => voke.plants.list();",
      ].join("\n"),
    );
    const bundle = await build({
      entryPoints: [entry],
      outdir: join(project, "out"),
      bundle: true,
      splitting: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const files = new Map(
      bundle.outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]),
    );
    const initial = new Set<string>();
    const visit = (output: string) => {
      if (initial.has(output)) return;
      initial.add(output);
      for (const imported of bundle.metafile.outputs[output]?.imports ?? []) {
        if (imported.kind === "import-statement") visit(imported.path);
      }
    };
    const entryOutput = Object.entries(bundle.metafile.outputs).find(([, out]) => out.entryPoint)?.[0];
    if (entryOutput) visit(entryOutput);
    const code = Buffer.concat([...initial].map((output) => files.get(output) ?? new Uint8Array()));
    const lazyBytes = [...files.entries()]
      .filter(([output]) => !initial.has(output))
      .reduce((sum, [, contents]) => sum + gzipSync(contents, { level: 9 }).byteLength, 0);
    // The Node entry must load without undici, and a proxied request must say how to get it.
    const nodeEntryWithoutUndici = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        [
          'import { createNodeFetch, createVokeClient } from "@voke/sdk/node";',
          'createVokeClient({ baseUrl: "http://127.0.0.1:9", token: "t", env: {} });',
          'const fetch = createNodeFetch({ HTTP_PROXY: "http://127.0.0.1:9" });',
          'await fetch("http://127.0.0.1:9/").then(() => console.log("no error"), (e) => console.log(e.name + ": " + e.message));',
        ].join("\n"),
      ],
      { cwd: project, encoding: "utf8" },
    ).trim();
    return {
      packagesAdded: packageNames.length,
      packageNames,
      installedBytes: sizeOf(join(project, "node_modules")),
      tarballBytes: lstatSync(tarball).size,
      bundleBytes: code.byteLength,
      bundleGzipBytes: gzipSync(code, { level: 9 }).byteLength,
      lazyChunksGzipBytes: lazyBytes,
      nodeEntryWithoutUndici,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export async function run(): Promise<BenchResult> {
  const f = await measure();
  return {
    name: "SDK size: npm pack of @voke/sdk installed into a scratch project",
    rows: [
      {
        metric: "packages added besides @voke/sdk",
        value: String(f.packagesAdded),
        target: `≤ ${MAX_PACKAGES}`,
        met: f.packagesAdded <= MAX_PACKAGES,
      },
      { metric: "installed size (node_modules)", value: mib(f.installedBytes) },
      { metric: "packed tarball", value: kib(f.tarballBytes) },
      {
        metric:
          "browser bundle of createVokeClient + plants.list (esbuild, minified, split), loaded at start, gzip -9",
        value: `${kib(f.bundleGzipBytes)} (${kib(f.bundleBytes)} raw)`,
        target: `≤ ${kib(MAX_BUNDLE_GZIP_BYTES)}`,
        met: f.bundleGzipBytes <= MAX_BUNDLE_GZIP_BYTES,
      },
      {
        metric: "chunks loaded on the first events.stream() (SSE parser), gzip -9",
        value: kib(f.lazyChunksGzipBytes),
      },
    ],
    notes: [
      `Added: ${f.packageNames.join(", ")}.`,
      `@voke/sdk/node in that project (no undici installed) loads; a request through a proxy fails with: ${f.nodeEntryWithoutUndici}`,
      "@voke/sdk depends on openapi-fetch and eventsource-parser: the device helper (mqtt) is its own package, " +
        "@voke/device, and undici is an optional peer dependency that only @voke/sdk/node's proxy support loads. " +
        "The bundle loaded at start holds the REST client and openapi-fetch; the event stream and its parser " +
        "are a chunk of their own, loaded on the first events.stream().",
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printResult(await run());
