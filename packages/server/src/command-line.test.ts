import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CommandIo, runCommand } from "./command-line.ts";
import type { RunningServer } from "./server.ts";
import { hashApiToken } from "./services/api-tokens.ts";
import { openStore } from "./storage/store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), "voke-cli-"));
  dirs.push(dataDir);
  // As `voke-server start` leaves it: org and token commands refuse a directory without a database.
  openStore(join(dataDir, "voke.db")).close();
  const run = async (argv: string[], extra: Partial<CommandIo> = {}) => {
    let stdout = "";
    let stderr = "";
    const code = await runCommand(argv, {
      env: {
        VOKE_DATA_DIR: dataDir,
        VOKE_HTTP_PORT: "0",
        VOKE_MQTT_PORT: "0",
        VOKE_LOG_LEVEL: "silent",
        ...extra.env,
      },
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      ...(extra.stopSignal ? { stopSignal: extra.stopSignal } : {}),
      ...(extra.onStarted ? { onStarted: extra.onStarted } : {}),
    });
    return { code, stdout, stderr };
  };
  return { dataDir, run };
}

describe("voke-server command line", () => {
  it("org and token commands refuse a data directory no server has used, naming it, and create nothing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "voke-cli-empty-"));
    dirs.push(empty);
    const dataDir = join(empty, ".voke");
    for (const argv of [
      ["token", "list"],
      ["org", "create", "--name", "Acme"],
    ]) {
      let stderr = "";
      const code = await runCommand(argv, {
        env: { VOKE_DATA_DIR: dataDir },
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
      });
      expect(code).toBe(2);
      expect(stderr).toContain(`no server data in ${dataDir} (VOKE_DATA_DIR`);
      expect(existsSync(dataDir)).toBe(false);
    }
  });

  it("says which data directory a command used", async () => {
    const { dataDir, run } = setup();
    const list = await run(["org", "list"]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe(`voke-server: data in ${dataDir}\n`);
  });

  it("org create prints only the new id; token create prints only the token, stored as a hash", async () => {
    const { dataDir, run } = setup();
    const org = await run(["org", "create", "--name", "Acme"]);
    expect(org.code).toBe(0);
    expect(org.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const organizationId = org.stdout.trim();

    const token = await run([
      "token",
      "create",
      "--org",
      organizationId,
      "--role",
      "operator",
      "--name",
      "ci",
    ]);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^voke_[A-Za-z0-9_-]{43}\n$/);
    const secret = token.stdout.trim();

    const store = openStore(join(dataDir, "voke.db"));
    const [record] = store.apiTokens.list(organizationId);
    expect(record).toMatchObject({ role: "operator", name: "ci", tokenHash: hashApiToken(secret) });
    store.close();

    const list = await run(["token", "list", "--json"]);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([expect.objectContaining({ organizationId, role: "operator", name: "ci" })]);
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain(hashApiToken(secret));

    const table = await run(["token", "list"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+ORGANIZATION\s+ROLE\s+NAME/);
    expect(table.stdout).toContain("operator");
    const orgs = await run(["org", "list"]);
    expect(orgs.stdout).toContain("Acme");
  });

  it.each([
    [
      ["token", "create", "--org", "x", "--role", "root", "--name", "n"],
      /--role must be one of viewer, operator, provisioner, admin, superadmin/,
    ],
    [["token", "create", "--role", "admin", "--name", "n"], /--org is required/],
    [["org", "create"], /--name is required/],
    [["org", "create", "--name", "x", "--colour", "red"], /Unknown option '--colour'/],
    [["plants", "list"], /unknown command: plants list/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const { run } = setup();
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("a token for an unknown organization is refused with exit 2", async () => {
    const { run } = setup();
    const result = await run([
      "token",
      "create",
      "--org",
      "0f8fad5b-d9cb-469f-a165-70867728950e",
      "--role",
      "admin",
      "--name",
      "n",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("organizationId: no such organization");
  });

  it("a bad configuration value names the variable and exits 2", async () => {
    const { run } = setup();
    const result = await run(["start"], { env: { VOKE_HTTP_PORT: "eighty" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("voke-server: configuration error: VOKE_HTTP_PORT: must be a number\n");
  });

  it("start serves until the stop signal, printing the bootstrap token once and the listening line", async () => {
    const { run } = setup();
    let stop: (signal: string) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let server: RunningServer | undefined;
    const running = run(["start"], {
      stopSignal,
      onStarted: (started) => {
        server = started;
      },
    });
    while (!server) await new Promise((resolve) => setTimeout(resolve, 10));
    const health = await fetch(`${server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    stop("SIGTERM");
    const result = await running;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^voke-server admin token \(shown once\): voke_[A-Za-z0-9_-]{43}$/);
    expect(lines[1]).toBe(
      `voke-server listening http=${server.httpUrl} mqtt=mqtts://127.0.0.1:${server.mqttPort}`,
    );
    expect(result.stderr).toContain("SIGTERM received, shutting down");
    expect(result.stderr).toContain(`voke login --api-url ${server.httpUrl} --with-token`);
    await expect(fetch(`${server.httpUrl}/healthz`)).rejects.toThrow();

    const again = await run(["token", "list", "--json"]);
    expect(again.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("token revoke revokes at once and token list shows it, never the secret", async () => {
    const { run, dataDir } = setup();
    const org = (await run(["org", "create", "--name", "Acme"])).stdout.trim();
    const secret = (
      await run([
        "token",
        "create",
        "--org",
        org,
        "--role",
        "provisioner",
        "--name",
        "ci",
        "--expires-at",
        "2999-01-01T00:00:00Z",
      ])
    ).stdout.trim();
    const [listed] = (await run(["token", "list", "--json"])).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(listed).toMatchObject({
      role: "provisioner",
      name: "ci",
      expiresAt: "2999-01-01T00:00:00.000Z",
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const revoked = await run(["token", "revoke", listed.id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toMatch(
      new RegExp(`^voke-server: data in .+\nvoke-server: revoked API token ${listed.id}\n$`),
    );
    expect((await run(["token", "revoke", listed.id])).stderr).toContain("was already revoked");
    expect((await run(["token", "revoke", "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5"])).code).toBe(1);
    expect((await run(["token", "revoke"])).code).toBe(2);
    const table = (await run(["token", "list"])).stdout;
    expect(table).toMatch(/REVOKED/);
    expect(table).not.toMatch(new RegExp(`${listed.id}.* - *\n`));

    const store = openStore(join(dataDir, "voke.db"));
    try {
      expect(store.apiTokens.findById(listed.id)?.revokedAt).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it("a first start that cannot bind its port creates no admin token; the next start prints it", async () => {
    const { run } = setup();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const busyPort = String((blocker.address() as AddressInfo).port);
    try {
      const failed = await run(["start"], { env: { VOKE_HTTP_PORT: busyPort } });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("EADDRINUSE");
      expect(failed.stdout).not.toContain("admin token");
      expect((await run(["token", "list", "--json"])).stdout).toBe("");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    let stop: (signal: string) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const running = run(["start"], { stopSignal, onStarted: () => stop("SIGTERM") });
    const result = await running;
    expect(result.stdout).toMatch(/^voke-server admin token \(shown once\): voke_[A-Za-z0-9_-]{43}\n/);
  });

  it("prints usage for --help", async () => {
    const { run } = setup();
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("token create --org ID --role ROLE --name NAME");
  });
});
