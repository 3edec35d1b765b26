/** The `voke-server` command line: start the server, and manage organizations and API tokens offline. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig, type ServerConfig } from "./config.ts";
import { DATABASE_FILE, type RunningServer, startServer } from "./server.ts";
import { ROLES, type Role } from "./services/access.ts";
import { createApiToken } from "./services/api-tokens.ts";
import { DomainError } from "./services/errors.ts";
import { createOrganization } from "./services/organizations.ts";
import { openStore, type Store } from "./storage/store.ts";

export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT); `start` then shuts down gracefully. */
  stopSignal?: Promise<string>;
  /** Called with the running server once `start` is up; for tests. */
  onStarted?: (server: RunningServer) => void;
}

export const USAGE = `Usage: voke-server <command>

Commands:
  start                                         run the REST API (and the MQTT broker)
  org create --name NAME                        create an organization; prints its id
  org list                                      list organizations
  token create --org ID --role ROLE --name NAME [--expires-at TIME]
                                                create an API token; prints the token once
  token list [--org ID] [--json]                list API tokens (never the tokens themselves)
  token revoke ID                               revoke an API token at once (401 TOKEN_REVOKED after)

Roles: ${ROLES.join(", ")} (provisioner: create, provision and download plants, for CI)
Configuration comes from VOKE_* environment variables; see the README.`;

/** Bad command-line input: print the message and the usage, exit 2. */
class UsageError extends Error {}

/**
 * Runs one command; resolves to the process exit code (0 ok, 1 failure, 2 bad usage or configuration).
 *
 * @example process.exitCode = await runCommand(process.argv.slice(2), { env: process.env, stdout, stderr });
 */
export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  const [noun, verb, ...rest] = argv;
  try {
    if (noun === undefined || noun === "--help" || noun === "-h" || noun === "help") {
      io.stdout(`${USAGE}\n`);
      return noun === undefined ? 2 : 0;
    }
    const config = loadConfig(io.env);
    if (noun === "start") return await start(config, verb === undefined ? [] : [verb, ...rest], io);
    if (noun === "org" && verb === "create")
      return withStore(config, io, (store) => orgCreate(store, rest, io));
    if (noun === "org" && verb === "list") return withStore(config, io, (store) => orgList(store, rest, io));
    if (noun === "token" && verb === "create")
      return withStore(config, io, (store) => tokenCreate(store, rest, io));
    if (noun === "token" && verb === "list")
      return withStore(config, io, (store) => tokenList(store, rest, io));
    if (noun === "token" && verb === "revoke")
      return withStore(config, io, (store) => tokenRevoke(store, rest, io));
    throw new UsageError(`unknown command: ${[noun, verb].filter(Boolean).join(" ")}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`voke-server: configuration error: ${error.message}\n`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.stderr(`voke-server: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      io.stderr(`voke-server: ${error.message}${issuesText(error)}\n`);
      return 2;
    }
    io.stderr(`voke-server: ${(error as Error).message}\n`);
    return 1;
  }
}

function issuesText(error: DomainError): string {
  const issues = (error.details?.issues as { path: string; message: string }[] | undefined) ?? [];
  return issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("");
}

/**
 * Opens the data directory of a server that has started there before. A command run from another
 * directory must not quietly create a new, empty `./.voke`: it names the directory it looked in.
 */
function withStore(config: ServerConfig, io: CommandIo, run: (store: Store) => number): number {
  const database = join(config.dataDir, DATABASE_FILE);
  if (!existsSync(database)) {
    throw new UsageError(
      `no server data in ${config.dataDir} (VOKE_DATA_DIR, default ./.voke): set VOKE_DATA_DIR to the directory \`voke-server start\` printed, or start the server there first`,
    );
  }
  io.stderr(`voke-server: data in ${config.dataDir}\n`);
  const store = openStore(database);
  try {
    return run(store);
  } finally {
    store.close();
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

async function start(config: ServerConfig, args: string[], io: CommandIo): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  io.stderr(`voke-server: data in ${config.dataDir} (VOKE_DATA_DIR)\n`);
  const server = await startServer(config, { print: (line) => io.stdout(`${line}\n`) });
  io.onStarted?.(server);
  // A person starting the server by hand wants to know the next step; stdout stays machine-readable.
  io.stderr(
    `voke-server: log in with  voke login --api-url ${server.httpUrl} --with-token  (the admin token on stdin; pnpm voke … from a checkout)\n`,
  );
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.stderr(`voke-server: ${signal} received, shutting down\n`);
  await server.close();
  return 0;
}

function orgCreate(store: Store, args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: { name: { type: "string" } }, strict: true });
  const organization = createOrganization(store, systemClock, required(values, "name"));
  io.stdout(`${organization.id}\n`);
  return 0;
}

function orgList(store: Store, args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const organizations = store.organizations.list();
  if (values.json) {
    for (const organization of organizations) io.stdout(`${JSON.stringify(organization)}\n`);
  } else {
    io.stdout(
      table(
        ["ID", "NAME", "CREATED"],
        organizations.map((o) => [o.id, o.name, o.createdAt]),
      ),
    );
  }
  return 0;
}

function tokenCreate(store: Store, args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      "expires-at": { type: "string" },
    },
    strict: true,
  });
  const role = required(values, "role");
  if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const expiresAt = values["expires-at"];
  if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
    throw new UsageError("--expires-at must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z");
  }
  const { token } = createApiToken(store, systemClock, {
    organizationId: required(values, "org"),
    role: role as Role,
    name: required(values, "name"),
    expiresAt,
  });
  io.stdout(`${token}\n`);
  return 0;
}

function tokenList(store: Store, args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    options: { org: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const tokens = store.apiTokens.list(values.org).map(({ tokenHash: _hash, ...visible }) => visible);
  if (values.json) {
    for (const token of tokens) io.stdout(`${JSON.stringify(token)}\n`);
  } else {
    io.stdout(
      table(
        ["ID", "ORGANIZATION", "ROLE", "NAME", "CREATED", "LAST USED", "EXPIRES", "REVOKED"],
        tokens.map((t) => [
          t.id,
          t.organizationId,
          t.role,
          t.name,
          t.createdAt,
          t.lastUsedAt ?? "-",
          t.expiresAt ?? "-",
          t.revokedAt ?? "-",
        ]),
      ),
    );
  }
  return 0;
}

function tokenRevoke(store: Store, args: string[], io: CommandIo): number {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new UsageError("token revoke takes one token id");
  if (!store.apiTokens.findById(id)) {
    io.stderr(`voke-server: no API token with id ${id}\n`);
    return 1;
  }
  const changed = store.apiTokens.revoke(id, systemClock.now().toISOString());
  io.stderr(
    changed ? `voke-server: revoked API token ${id}\n` : `voke-server: API token ${id} was already revoked\n`,
  );
  return 0;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  return [header, ...rows].map(line).join("");
}
