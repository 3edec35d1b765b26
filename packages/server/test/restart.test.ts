import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ResponseBody } from "../src/test-support/harness.ts";
import { runServerCommand, type ServerProcess, startServerProcess } from "./server-process.ts";

const dirs: string[] = [];
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) if (server.child.exitCode === null) await server.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, env?: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess(dataDir, env);
  running.push(server);
  return server;
}

function api(server: ServerProcess, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as ResponseBody };
  };
}

describe("voke-server on a data directory", () => {
  it("keeps plants, tokens, certificates and secrets across a restart, and never stores them in plain text", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "voke-restart-"));
    dirs.push(dataDir);

    const first = await start(dataDir);
    expect(first.bootstrapToken).toMatch(/^voke_/);
    const admin = api(first, first.bootstrapToken as string);

    // Tokens made by the CLI while the server runs work at once (same database, WAL).
    const orgId = runServerCommand(dataDir, ["org", "create", "--name", "Second"]).stdout.trim();
    const cli = runServerCommand(dataDir, [
      "token",
      "create",
      "--org",
      orgId,
      "--role",
      "admin",
      "--name",
      "ci",
    ]);
    expect(cli.status).toBe(0);
    const ciToken = cli.stdout.trim();
    const second = api(first, ciToken);
    expect((await second("GET", "/api/v1/plants")).body.meta.total).toBe(0);

    const mtls = (
      await admin("POST", "/api/v1/plants", { name: "Roof", serialNumber: "RS-1", type: "GATEWAY" })
    ).body;
    const password = (
      await admin("POST", "/api/v1/plants", {
        name: "Meter",
        serialNumber: "RS-2",
        type: "SENSOR",
        authMethod: "PASSWORD",
      })
    ).body;
    const otherOrg = (
      await second("POST", "/api/v1/plants", { name: "Theirs", serialNumber: "RS-3", type: "SENSOR" })
    ).body;
    const mtlsPackage = (await admin("POST", `/api/v1/plants/${mtls.id}/provision`)).body;
    await admin("POST", `/api/v1/plants/${password.id}/provision`);
    const rotated = (await admin("POST", `/api/v1/plants/${password.id}/rotate-secret`)).body
      .hmacSecret as string;
    await admin("POST", `/api/v1/plants/${otherOrg.id}/suspend`).then((r) => expect(r.status).toBe(404));

    expect(await first.stop()).toBe(0);
    expect(first.stderr()).toContain("SIGTERM received, shutting down");

    // Nothing secret in the data directory's database files or in the logs.
    const dbFiles = ["voke.db", "voke.db-wal", "voke.db-shm"].map((f) => join(dataDir, f)).filter(existsSync);
    const stored = dbFiles.map((file) => readFileSync(file).toString("latin1")).join("");
    const keyBody = (mtlsPackage.security.clientKey as string).split("\n").slice(1, -2).join("");
    const secrets = [
      mtlsPackage.security.hmacSecret,
      rotated,
      keyBody,
      first.bootstrapToken as string,
      ciToken,
    ];
    for (const secret of secrets) {
      expect(stored.includes(secret)).toBe(false);
      expect(first.stderr().includes(secret)).toBe(false);
    }
    expect(statSync(join(dataDir, "voke.db")).mode & 0o777).toBe(0o600);
    expect(first.stderr()).toContain('"msg":"request"');

    const again = await start(dataDir);
    expect(again.bootstrapToken).toBeUndefined();
    const adminAgain = api(again, first.bootstrapToken as string);
    const list = await adminAgain("GET", "/api/v1/plants");
    expect(list.body.data.map((p: { serialNumber: string }) => p.serialNumber)).toEqual(["RS-1", "RS-2"]);
    expect(
      (await api(again, ciToken)("GET", "/api/v1/plants")).body.data.map((p: { id: string }) => p.id),
    ).toEqual([otherOrg.id]);

    const download = await fetch(`${again.httpUrl}/api/v1/plants/${mtls.id}/provision/download`, {
      headers: { authorization: `Bearer ${first.bootstrapToken}` },
    });
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="voke-RS-1.json"');
    const mtlsAgain = (await download.json()) as typeof mtlsPackage;
    expect(mtlsAgain.security).toEqual(mtlsPackage.security);
    const passwordAgain = (await adminAgain("GET", `/api/v1/plants/${password.id}/provision/download`)).body;
    expect(passwordAgain.security.hmacSecret).toBe(rotated);
    expect((await adminAgain("GET", `/api/v1/plants/${mtls.id}`)).body.lifecycleStatus).toBe("PROVISIONED");
    expect(await again.stop()).toBe(0);
  });

  it("uses VOKE_BOOTSTRAP_TOKEN on first start and prints no token", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "voke-bootstrap-"));
    dirs.push(dataDir);
    const server = await start(dataDir, { VOKE_BOOTSTRAP_TOKEN: "voke_ci_bootstrap_token_0123456789" });
    expect(server.bootstrapToken).toBeUndefined();
    expect(server.stdout()).not.toContain("voke_ci_bootstrap_token_0123456789");
    const res = await api(server, "voke_ci_bootstrap_token_0123456789")("GET", "/api/v1/plants");
    expect(res.status).toBe(200);
  });

  it("refuses a bad configuration with exit 2 and a message naming the variable", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "voke-badconfig-"));
    dirs.push(dataDir);
    await expect(startServerProcess(dataDir, { VOKE_LOG_LEVEL: "chatty" })).rejects.toThrow(
      /exited with 2[\s\S]*VOKE_LOG_LEVEL: must be one of debug, info, warn, error, silent/,
    );
  });
});
