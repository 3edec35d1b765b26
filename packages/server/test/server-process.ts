/** Starts `voke-server start` as a real child process on a data directory, for end-to-end tests. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../src/bin.ts", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  httpUrl: string;
  /** The admin token printed on first start, if one was. */
  bootstrapToken: string | undefined;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    VOKE_DATA_DIR: dataDir,
    VOKE_HTTP_PORT: "0",
    VOKE_MQTT_PORT: "0",
    VOKE_LOG_LEVEL: "debug",
    ...extra,
  };
}

/** Waits for the "listening" line; rejects if the process exits first or takes over 20 s. */
export function startServerProcess(
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--conditions=@voke/source", BIN, "start"], {
    env: serverEnv(dataDir, extra),
    stdio: "pipe",
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
    child.stdout.on("data", () => {
      const url = /voke-server listening http=(\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        child,
        httpUrl: url,
        bootstrapToken: /admin token \(shown once\): (\S+)/.exec(stdout)?.[1],
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

/** Runs a one-shot `voke-server` command (org/token management) on the same data directory. */
export function runServerCommand(
  dataDir: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--conditions=@voke/source", BIN, ...args], {
    env: serverEnv(dataDir),
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
