/**
 * README.md, followed top to bottom: its shell blocks run in order, as written, in one bash, against
 * a fresh reference server, with `voke` and `voke-server` from this checkout on PATH (its
 * node_modules/.bin, as the README says to set up). Two things differ from a person's terminal: the
 * server listens on a free port, so `http://127.0.0.1:8080` is replaced by its address, and the
 * blocks run in a scratch directory. Blocks the runner must not run say why in a marker.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eServer, startE2eServer } from "../packages/cli/test/e2e-support.ts";
import { readmeBlocks, readmeScript } from "./readme-blocks.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = readmeBlocks(readme);

let server: E2eServer;
let work: string;
beforeAll(async () => {
  server = await startE2eServer();
  work = mkdtempSync(join(tmpdir(), "voke-readme-"));
});
afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function runBash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("bash", ["-c", script], {
    cwd: work,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.once("close", (code) => {
      // Whatever a block left running in the background (the device simulator) ends with the run.
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // already gone
      }
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("README.md", () => {
  it("marks every shell block it does not run with a reason, and runs the recipes", () => {
    const shell = blocks.filter((block) => block.language === "sh");
    for (const block of shell)
      expect(["run", "skip"], `README.md line ${block.line}`).toContain(block.action.kind);
    const run = shell.filter((block) => block.action.kind === "run");
    expect(run.map((block) => block.text).join("\n")).toContain("voke login");
    expect(run.map((block) => block.text).join("\n")).toContain("voke-server token create");
    expect(run.length).toBeGreaterThanOrEqual(3);
  });

  it("runs top to bottom against a real server", { timeout: 120_000 }, async () => {
    const script = readmeScript(blocks).replaceAll("http://127.0.0.1:8080", server.httpUrl);
    const home = join(work, ".home");
    const result = await runBash(script, {
      PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}`,
      HOME: home,
      VOKE_CONFIG_DIR: join(home, "voke"),
      XDG_CACHE_HOME: join(home, "cache"),
      VOKE_TOKEN: server.adminToken,
      VOKE_DATA_DIR: server.dataDir,
      NO_COLOR: "1",
    });
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    // The device answered the command, and the recipes' files are where the README says.
    expect(result.stdout).toMatch(/SUCCEEDED/);
    expect(existsSync(join(work, "voke-SN-001.json"))).toBe(true);
    expect(readFileSync(join(work, "plants-export.csv"), "utf8")).toMatch(/^id,name,lifecycleStatus\r\n/);
    // The CI CSV is still the README's (no recipe overwrote it), and every row was provisioned.
    const csv = blocks.find((block) => block.action.kind === "file" && block.action.name === "plants.csv");
    expect(readFileSync(join(work, "plants.csv"), "utf8")).toBe(`${csv?.text}\n`);
    const results = readFileSync(join(work, "results.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(results.map((row) => row.status)).toEqual(["provisioned", "provisioned"]);
    expect(result.stdout).toMatch(/^voke_[A-Za-z0-9_-]{43}$/m); // voke-server token create
  });
});
