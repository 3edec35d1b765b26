/**
 * For the crash suite: a reference server that can be killed with SIGKILL and restarted on the same
 * data directory and port, the built `voke` run as a subprocess, and what a test checks afterwards
 * (each plant's certificate, each package file against its plant).
 */

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerProcess, startServerProcess } from "../../server/test/server-process.ts";
import { buildCli } from "../scripts/build.ts";

export const CRASH_TOKEN = "vok_e2e_crash_0123456789abcdef";

export interface ServerPlant {
  id: string;
  serialNumber: string;
  authMethod: string;
  lifecycleStatus: string;
  certificateFingerprint: string | null;
  certificateSerialNumber: string | null;
  secretRotatedAt: string | null;
  updatedAt: string;
}

export interface CrashWorld {
  readonly dir: string;
  readonly server: ServerProcess;
  /** The URL stays the same across restarts (same port). */
  readonly httpUrl: string;
  /** SIGKILL: no shutdown code runs. */
  killServer(): Promise<void>;
  restartServer(): Promise<void>;
  voke(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  spawnVoke(args: string[]): ChildProcess;
  /** Every plant on the server, by serial number. */
  plants(): Promise<Map<string, ServerPlant>>;
  /** The plant's current package (GET …/provision/download: it changes nothing for a provisioned plant). */
  currentPackage(plantId: string): Promise<PackageOnDisk>;
  close(): Promise<void>;
}

export async function startCrashWorld(serverEnv: Record<string, string> = {}): Promise<CrashWorld> {
  const dir = mkdtempSync(join(tmpdir(), "voke-e2e-crash-"));
  const dataDir = join(dir, "data");
  const env = { VOKE_BOOTSTRAP_TOKEN: CRASH_TOKEN, VOKE_LOG_LEVEL: "error", ...serverEnv };
  const [{ entry }, first] = await Promise.all([
    buildCli({ outdir: join(dir, "bundle") }),
    startServerProcess(dataDir, env),
  ]);
  let server = first;
  const httpUrl = first.httpUrl;
  const port = new URL(httpUrl).port;
  const vokeEnv = () => ({
    PATH: process.env.PATH ?? "",
    HOME: dir,
    VOKE_CONFIG_DIR: join(dir, "config"),
    VOKE_API_URL: httpUrl,
    VOKE_TOKEN: CRASH_TOKEN,
    NO_COLOR: "1",
  });
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${httpUrl}/api/v1${path}`, {
      headers: { authorization: `Bearer ${CRASH_TOKEN}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    dir,
    get server() {
      return server;
    },
    httpUrl,
    async killServer() {
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGKILL");
      await exited;
    },
    async restartServer() {
      server = await startServerProcess(dataDir, { ...env, VOKE_HTTP_PORT: port });
    },
    voke: (args) =>
      new Promise((resolve) => {
        const child = execFile(
          process.execPath,
          [entry, ...args],
          { cwd: dir, env: vokeEnv(), encoding: "utf8", maxBuffer: 64 << 20 },
          (error, stdout, stderr) => {
            const code = error ? ((error as { code?: unknown }).code as number) : 0;
            resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
          },
        );
        child.stdin?.end();
      }),
    spawnVoke: (args) =>
      spawn(process.execPath, [entry, ...args], {
        cwd: dir,
        env: vokeEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      }),
    async plants() {
      const all = new Map<string, ServerPlant>();
      for (let page = 1; ; page++) {
        const { data, meta } = await api<{ data: ServerPlant[]; meta: { totalPages: number } }>(
          `/plants?limit=100&page=${page}`,
        );
        for (const plant of data) {
          if (all.has(plant.serialNumber)) throw new Error(`serial ${plant.serialNumber} listed twice`);
          all.set(plant.serialNumber, plant);
        }
        if (page >= meta.totalPages) return all;
      }
    },
    currentPackage: (plantId) => api<PackageOnDisk>(`/plants/${plantId}/provision/download`),
    async close() {
      if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CSV of `count` plants `PREFIX-0001`…; every third one PASSWORD, the rest MTLS. */
export function fleetCsv(prefix: string, count: number, from = 1): string {
  const lines = ["name,serialNumber,type,authMethod"];
  for (let i = from; i < from + count; i++) {
    lines.push(
      `Plant ${i},${prefix}-${String(i).padStart(4, "0")},SENSOR,${i % 3 === 0 ? "PASSWORD" : "MTLS"}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export interface PackageOnDisk {
  plantId: string;
  authMethod: string;
  security: { clientCert: string | null; hmacSecret: string };
}

/** Every `voke-*.json` in `dir`, by serial number. */
export function packagesIn(dir: string): Map<string, PackageOnDisk> {
  const found = new Map<string, PackageOnDisk>();
  for (const name of readdirSync(dir)) {
    const serial = /^voke-(.+)\.json$/.exec(name)?.[1];
    if (serial) found.set(serial, JSON.parse(readFileSync(join(dir, name), "utf8")) as PackageOnDisk);
  }
  return found;
}

/** Why the package on disk is not `plant`'s current one (undefined when it is). */
export function staleness(pkg: PackageOnDisk, plant: ServerPlant): string | undefined {
  if (pkg.plantId !== plant.id) return `holds plant ${pkg.plantId}, not ${plant.id}`;
  if (plant.authMethod !== "MTLS") return undefined;
  const fingerprint = new X509Certificate(pkg.security.clientCert ?? "").fingerprint256
    .replaceAll(":", "")
    .toLowerCase();
  return fingerprint === plant.certificateFingerprint ? undefined : "holds a superseded certificate";
}

/** NDJSON results of a bulk run. */
export function results(
  stdout: string,
): { row: number; serialNumber: string; status: string; error: string | null }[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}
