/**
 * For the plants and bulk end-to-end tests: the real reference server as a child process and the
 * real `voke` bundle (built into a temp dir, as bundle.test.ts does), run as a subprocess.
 */

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerProcess, startServerProcess } from "../../server/test/server-process.ts";
import { buildVoke } from "./e2e-support.ts";

export const TOKEN = "vok_e2e_plants_0123456789abcdef";

export interface VokeResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface VokeOptions {
  /** Working directory (default: a fresh temp dir per test world). */
  cwd?: string;
  stdin?: string;
  env?: Record<string, string>;
}

export interface PlantsWorld {
  server: ServerProcess;
  /** A scratch directory, the default working directory of `voke`. */
  dir: string;
  /** The environment `voke` runs with: the server's URL and an admin token, no TTY, no colour. */
  env: Record<string, string>;
  /** Runs the built `voke` to completion. */
  voke(args: string[], options?: VokeOptions): Promise<VokeResult>;
  /** Starts the built `voke` and returns the child (for killing it mid-way). */
  spawnVoke(args: string[], options?: VokeOptions): ChildProcess;
  close(): Promise<void>;
}

/** Builds the CLI and starts a server on a fresh data directory. */
export async function startPlantsWorld(): Promise<PlantsWorld> {
  const dir = mkdtempSync(join(tmpdir(), "voke-e2e-plants-"));
  const [entry, server] = await Promise.all([
    buildVoke(),
    startServerProcess(join(dir, "data"), { VOKE_BOOTSTRAP_TOKEN: TOKEN, VOKE_LOG_LEVEL: "error" }),
  ]);
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    VOKE_CONFIG_DIR: join(dir, "config"),
    VOKE_API_URL: server.httpUrl,
    VOKE_TOKEN: TOKEN,
    NO_COLOR: "1",
  };
  const spawnVoke = (args: string[], options: VokeOptions = {}) =>
    spawn(process.execPath, [entry, ...args], {
      cwd: options.cwd ?? dir,
      env: { ...env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
  return {
    server,
    dir,
    env,
    spawnVoke,
    voke: (args, options = {}) =>
      new Promise((resolve) => {
        const child = execFile(
          process.execPath,
          [entry, ...args],
          { cwd: options.cwd ?? dir, env: { ...env, ...options.env }, encoding: "utf8", maxBuffer: 64 << 20 },
          (error, stdout, stderr) => {
            const code = error ? ((error as { code?: unknown }).code as number) : 0;
            resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
          },
        );
        child.stdin?.end(options.stdin ?? "");
      }),
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
