/** Runs the built bundle as users do: a separate process, outside the workspace, no node_modules. */

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, buildCli } from "../scripts/build.ts";

const run = promisify(execFile);
let build: BuildResult;

beforeAll(async () => {
  build = await buildCli({ outdir: mkdtempSync(join(tmpdir(), "voke-bundle-")) });
});

async function voke(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  const child = run(process.execPath, [build.entry, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: mkdtempSync(join(tmpdir(), "voke-home-")), ...options.env },
    encoding: "utf8",
  });
  child.child.stdin?.end(options.stdin ?? "");
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("dist/voke.js", () => {
  it("is an executable CommonJS file with a node shebang, beside a package.json saying so", () => {
    expect(readFileSync(build.entry, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(build.entry).mode & 0o111).toBe(0o111);
    // Without this, the workspace's "type": "module" would make Node load voke.js as an ES module.
    expect(JSON.parse(readFileSync(join(dirname(build.entry), "package.json"), "utf8"))).toEqual({
      type: "commonjs",
    });
  });

  it("keeps voke.js to the loader, and the core free of dependencies only some commands need", () => {
    const outputs = build.metafile.outputs;
    const inputsOf = (suffix: string) => {
      const file = Object.keys(outputs).find((name) => name.endsWith(suffix)) as string;
      return Object.keys(outputs[file]?.inputs ?? {});
    };
    const entry = inputsOf("/voke.js");
    expect(entry.some((input) => input.includes("src/startup/code-cache.ts"))).toBe(true);
    for (const lazy of ["commander", "/zod/", "sdk/src/", "src/main.ts", "src/commands/"]) {
      expect(entry.filter((input) => input.includes(lazy))).toEqual([]);
    }
    const core = inputsOf(`/${basename(build.core)}`);
    expect(core.some((input) => input.includes("commander"))).toBe(true);
    for (const heavy of [
      "/conf/",
      "/ora/",
      "/chalk/",
      "/jq-wasm/",
      "/undici/",
      "/mqtt/",
      "sdk/src/node.ts",
    ]) {
      expect(core.filter((input) => input.includes(heavy))).toEqual([]);
    }
    const coreOutput =
      outputs[Object.keys(outputs).find((name) => name.endsWith(basename(build.core))) as string];
    // Which ext/ files the core may load (several imports of one file count once).
    expect([...new Set(coreOutput?.imports.map((imported) => imported.path))].sort()).toEqual(
      ["chalk", "conf", "device", "jq", "ora", "sdk-node"].map((name) => `./ext/${name}.cjs`),
    );
  });

  it("prints its version", async () => {
    expect(await voke(["--version"])).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
    expect((await voke(["-v"])).stdout).toBe("0.1.0\n");
  });

  it("exits 2 for an unknown command, with a hint on stderr", async () => {
    const result = await voke(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error: unknown command 'frobnicate'");
    expect(result.stderr).toContain("Run 'voke --help' for usage.");
  });

  it("prints the exit-codes help topic", async () => {
    const result = await voke(["help", "exit-codes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  5  not found (404)");
  });

  it("stores config set values in VOKE_CONFIG_DIR with mode 0600 and reads them back", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "voke-cfg-")), "voke");
    const env = { VOKE_CONFIG_DIR: dir };
    expect((await voke(["config", "set", "api-url", "http://127.0.0.1:9"], { env })).code).toBe(0);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    expect(await voke(["config", "get", "api-url"], { env })).toMatchObject({
      code: 0,
      stdout: "http://127.0.0.1:9\n",
    });
  });

  it("logs in through the bundled SDK and reports a refused connection as exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-cfg-"));
    const result = await voke(["login", "--url", "http://127.0.0.1:9", "--with-token", "--json"], {
      env: { VOKE_CONFIG_DIR: dir },
      stdin: "vok_bundle_test_token\n",
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: "CONNECTION_ERROR", status: null });
    expect(result.stderr).not.toContain("vok_bundle_test_token");
  });
});
