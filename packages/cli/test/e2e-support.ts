/**
 * What the e2e-* tests share: the real `voke` bundle run as a subprocess with a clean environment, and
 * the real reference server started as a child process on a temporary data directory.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { createVokeClient, type VokeClient } from "@voke/sdk";
import { runServerCommand, startServerProcess } from "../../server/test/server-process.ts";
import { buildCli } from "../scripts/build.ts";

export interface VokeResult {
  /** Exit code, null when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables added to (or, when undefined, removed from) the runner's base environment. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (default: closed at once). */
  stdin?: string;
}

/** A `voke` process that keeps running (`device simulate`), watched through its output. */
export interface RunningVoke {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr matches `pattern` (checked as output arrives); rejects on exit or after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<VokeResult>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<VokeResult>;
}

export interface VokeRunner {
  /** The built entry (`…/voke.js`). */
  readonly entry: string;
  /** A fresh configuration directory (profiles) for this runner. */
  readonly configDir: string;
  run(args: readonly string[], options?: RunOptions): Promise<VokeResult>;
  spawn(args: readonly string[], options?: RunOptions): RunningVoke;
}

/**
 * The bundle as users get it (`dist/voke.js`): the one the test run built from the sources
 * (scripts/test-support/cli-bundle.ts), or, outside such a run, a new build in a temporary directory.
 */
export async function buildVoke(): Promise<string> {
  if (process.env.VOKE_TEST_CLI_ENTRY) return process.env.VOKE_TEST_CLI_ENTRY;
  const { entry } = await buildCli({ outdir: mkdtempSync(join(tmpdir(), "voke-e2e-bundle-")) });
  return entry;
}

/**
 * Runs the bundle with only the environment given here: PATH, a private HOME and VOKE_CONFIG_DIR,
 * plus `baseEnv` — nothing leaks in from the test runner (CI, FORCE_COLOR, VOKE_*).
 */
export function createVokeRunner(entry: string, baseEnv: Record<string, string> = {}): VokeRunner {
  const home = mkdtempSync(join(tmpdir(), "voke-e2e-home-"));
  const configDir = join(home, "config");
  const envFor = (extra: Record<string, string | undefined> = {}) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      VOKE_CONFIG_DIR: configDir,
    };
    for (const [name, value] of Object.entries({ ...baseEnv, ...extra })) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return env;
  };

  const start = (args: readonly string[], options: RunOptions) => {
    const child = spawn(process.execPath, [entry, ...args], { env: envFor(options.env), stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    const watchers = new Set<() => void>();
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      for (const watch of [...watchers]) watch();
    });
    // voke may exit before reading stdin (a usage error): EPIPE on its stdin is not a test failure.
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
    const exited = new Promise<VokeResult>((resolve) =>
      child.once("close", (code, signal) => {
        for (const watch of [...watchers]) watch();
        resolve({ code, signal, stdout, stderr });
      }),
    );
    return { child, exited, stdout: () => stdout, stderr: () => stderr, watchers };
  };

  return {
    entry,
    configDir,
    run: (args, options = {}) => start(args, options).exited,
    spawn(args, options = {}) {
      const process = start(args, options);
      let done = false;
      void process.exited.then(() => {
        done = true;
      });
      return {
        child: process.child,
        stdout: process.stdout,
        stderr: process.stderr,
        exited: process.exited,
        waitForStderr(pattern, timeoutMs = 15_000) {
          return new Promise((resolve, reject) => {
            const finish = (outcome: () => void) => {
              clearTimeout(timer);
              process.watchers.delete(check);
              outcome();
            };
            const check = () => {
              const match = process.stderr().match(pattern);
              if (match) finish(() => resolve(match));
              else if (done || process.child.exitCode !== null)
                finish(() => reject(new Error(`voke exited before ${pattern}:\n${process.stderr()}`)));
            };
            const timer = setTimeout(
              () => finish(() => reject(new Error(`no ${pattern} on stderr in time:\n${process.stderr()}`))),
              timeoutMs,
            );
            process.watchers.add(check);
            check();
          });
        },
        async stop(signal = "SIGTERM") {
          if (process.child.exitCode === null && process.child.signalCode === null)
            process.child.kill(signal);
          return process.exited;
        },
      };
    },
  };
}

/** The reference server as a child process, with an admin token and an SDK client for test setup. */
export interface E2eServer {
  readonly httpUrl: string;
  /** The MQTT broker's port, or undefined while the server does not run a broker (no ` mqtt=` in its listening line). */
  readonly mqttPort: number | undefined;
  readonly dataDir: string;
  readonly adminToken: string;
  /** An admin client for arranging what a test needs. */
  readonly api: VokeClient;
  /** A new API token of the default organization with this role. */
  createToken(role: "viewer" | "operator" | "admin"): string;
  stop(): Promise<void>;
}

/** Starts `voke-server start` on port 0 (HTTP and MQTT) with a known bootstrap token. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "voke-e2e-server-"));
  const adminToken = `voke_e2e_${randomUUID().replaceAll("-", "")}`;
  const server = await startServerProcess(dataDir, {
    VOKE_BOOTSTRAP_TOKEN: adminToken,
    VOKE_LOG_LEVEL: "warn",
    VOKE_PUBLIC_MQTT_HOST: "localhost",
    ...env,
  });
  const mqtt = /voke-server listening .*\bmqtt=\S*?:(\d+)\b/.exec(server.stdout())?.[1];
  const api = createVokeClient({
    baseUrl: server.httpUrl,
    token: adminToken,
    maxRetries: 0,
    timeoutMs: 15_000,
  });
  let organizationId: string | undefined;
  return {
    httpUrl: server.httpUrl,
    mqttPort: mqtt === undefined ? undefined : Number(mqtt),
    dataDir,
    adminToken,
    api,
    createToken(role) {
      if (organizationId === undefined) {
        const listed = runServerCommand(dataDir, ["org", "list", "--json"]);
        organizationId = (JSON.parse(listed.stdout.split("\n")[0] ?? "{}") as { id?: string }).id;
        if (!organizationId) throw new Error(`no organization listed: ${listed.stderr}`);
      }
      const created = runServerCommand(dataDir, [
        "token",
        "create",
        "--org",
        organizationId,
        "--role",
        role,
        "--name",
        `e2e ${role} ${randomUUID().slice(0, 8)}`,
      ]);
      if (created.status !== 0) throw new Error(`token create failed: ${created.stderr}`);
      return created.stdout.trim();
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A unique serial number, so tests sharing a server never collide. */
export function serialNumber(prefix = "E2E"): string {
  return `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
}

/** Whether `text` holds ANSI escape sequences (colour, cursor movement). */
export function hasAnsi(text: string): boolean {
  return stripVTControlCharacters(text) !== text;
}
