import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runRuntime } from "./runtime-binaries.ts";

// Runs the built SDK (dist/) in real Deno: `pnpm build` first (pnpm test does).
const SCRIPT = fileURLToPath(new URL("./runtimes/deno-environment.js", import.meta.url));

let denoDir: string;
beforeAll(() => {
  denoDir = mkdtempSync(join(tmpdir(), "voke-deno-"));
});
afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

function deno(permissions: string[]) {
  return runRuntime("deno", ["run", "--no-prompt", ...permissions, SCRIPT], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DENO_DIR: denoDir,
      DENO_NO_UPDATE_CHECK: "1",
      NO_COLOR: "1",
      VOKE_DEBUG: "1",
    },
  });
}

describe("the SDK in Deno", () => {
  test("without --allow-env, createVokeClient works and VOKE_DEBUG reads as unset", () => {
    const run = deno([]);
    expect(run.stderr).not.toMatch(/NotCapable|Requires env access/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("listed 0 plants");
    expect(run.stderr).not.toContain("[voke]");
  });

  test("with env access granted, VOKE_DEBUG=1 still turns the trace on", () => {
    const run = deno(["--allow-env=VOKE_DEBUG"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("listed 0 plants");
    expect(run.stderr).toMatch(/\[voke\] .*GET http:\/\/127\.0\.0\.1:8080\/api\/v1\/plants/);
    expect(run.stderr).not.toContain("voke_runtime_probe_token");
  });
});
