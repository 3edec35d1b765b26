/**
 * `pnpm demo`: the whole Voke loop on embedded defaults. Starts the reference server on a fresh
 * temporary data directory (SQLite + embedded MQTT broker), then drives it with the real `voke`
 * binary, printing each step as a user would type it. Exits 0 and stops everything it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SERVER_BIN = join(root, "packages/server/src/bin.ts");
const VOKE_BIN = join(root, "packages/cli/dist/voke.js");
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const style = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const work = await mkdtemp(join(tmpdir(), "voke-demo-"));
const children = new Set<ChildProcess>();
const started = Date.now();

function banner(text: string): void {
  process.stdout.write(`\n${style("1;34", `== ${text}`)}\n`);
}

function show(text: string): void {
  const trimmed = text.replace(/\s+$/, "");
  if (trimmed) process.stdout.write(`${trimmed}\n`);
}

function spawnTracked(args: string[], env: NodeJS.ProcessEnv, stdin?: string): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  if (stdin !== undefined) child.stdin?.end(stdin);
  else child.stdin?.end();
  return child;
}

const vokeEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  VOKE_CONFIG_DIR: join(work, "config"),
  // voke's code cache too stays in the demo's own directory, which is removed at the end.
  XDG_CACHE_HOME: join(work, "cache"),
  NO_COLOR: color ? undefined : "1",
  // Tables render as they would in a terminal, even though the demo captures the output.
  VOKE_FORCE_TTY: "1",
  COLUMNS: "120",
};

/** Runs `voke <args>` and returns what it printed; `display` echoes the command line first. */
async function voke(args: string[], options: { stdin?: string; display?: string; quiet?: boolean } = {}) {
  const shown = options.display ?? `voke ${args.map(quote).join(" ")}`;
  if (!options.quiet) process.stdout.write(`${style("1;32", "$")} ${style("1", shown)}\n`);
  const child = spawnTracked(
    [VOKE_BIN, ...args],
    { ...vokeEnv, VOKE_FORCE_TTY: options.quiet ? "" : "1" },
    options.stdin,
  );
  const result = await collect(child);
  if (!options.quiet) {
    // Verbs without data (suspend, revoke) confirm on stderr; show that line instead.
    show(result.stdout || lastLine(result.stderr));
  }
  if (result.code !== 0) {
    throw new Error(`\`${shown}\` exited with ${result.code}\n${result.stderr}`);
  }
  return result;
}

async function vokeJson<T>(args: string[]): Promise<T> {
  const { stdout } = await voke([...args, "-o", "json"], { quiet: true });
  return JSON.parse(stdout) as T;
}

// Colour and cursor sequences a TTY-styled command may print (ESC [ ... letter).
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");

function lastLine(text: string): string {
  const lines = text
    .replace(ANSI_ESCAPE, "")
    .split(/[\r\n]+/)
    .filter((l) => l.trim() !== "");
  return lines.at(-1) ?? "";
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startServer(): Promise<{
  url: string;
  token: string;
  child: ChildProcess;
  log: () => string;
}> {
  const token = `voke_${randomBytes(24).toString("base64url")}`;
  const child = spawnTracked([SERVER_BIN, "start"], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    VOKE_DATA_DIR: join(work, "data"),
    VOKE_HTTP_PORT: "0",
    VOKE_MQTT_PORT: "0",
    VOKE_BOOTSTRAP_TOKEN: token,
    VOKE_LOG_LEVEL: "warn",
  });
  let out = "";
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    err += c;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const match = /voke-server listening http=(\S+)(?: mqtt=(\S+))?/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}\n${err}`)));
  });
  return { url, token, child, log: () => err };
}

interface Plant {
  id: string;
  serialNumber: string;
  lifecycleStatus: string;
  status: string;
  alerts?: { severity: string; message: string }[];
}

async function main(): Promise<void> {
  banner("Start the reference server (SQLite + embedded MQTT broker + CA) on a fresh data directory");
  const server = await startServer();
  show(`voke-server listening on ${server.url} (data in ${join(work, "data")})`);

  banner("Log in: the token is read from stdin, checked against the API, stored in a 0600 profile");
  await voke(["login", "--url", server.url, "--with-token"], {
    stdin: `${server.token}\n`,
    display: `echo "$VOKE_TOKEN" | voke login --api-url ${server.url} --with-token`,
  });
  await voke(["auth", "status"]);

  banner("Find a template");
  await voke(["templates", "list"]);

  banner("Create two plants: one authenticating with a client certificate, one with a password");
  await voke([
    "plants",
    "create",
    "--name",
    "Roof PV",
    "--serial-number",
    "DEMO-MTLS-1",
    "--type",
    "GATEWAY",
    "--auth-method",
    "MTLS",
  ]);
  await voke([
    "plants",
    "create",
    "--name",
    "Garage battery",
    "--serial-number",
    "DEMO-PWD-1",
    "--type",
    "CONTROLLER",
    "--auth-method",
    "PASSWORD",
  ]);
  const plants = await vokeJson<Plant[]>(["plants", "list"]);
  const roof = plants.find((p) => p.serialNumber === "DEMO-MTLS-1");
  const garage = plants.find((p) => p.serialNumber === "DEMO-PWD-1");
  if (!roof || !garage) throw new Error("the plants just created are not listed");
  await voke(["plants", "list"]);

  banner("Provision the MTLS plant and download its package (written 0600, never printed)");
  const packageFile = join(work, `voke-${roof.serialNumber}.json`);
  await voke(["provision", "download", roof.id, "--file", packageFile]);

  banner("Follow what the plant does, live: voke plants watch (shown after the alert below)");
  process.stdout.write(`${style("1;32", "$")} ${style("1", `voke plants watch ${roof.id} &`)}\n`);
  // --after-id 0 replays from the server's window: nothing between now and the stream opening is missed.
  const watcher = spawnTracked([VOKE_BIN, "plants", "watch", roof.id, "--after-id", "0"], vokeEnv);
  const watched = collect(watcher);

  banner("Run a simulated device from the package: it connects over MQTT with mTLS");
  process.stdout.write(
    `${style("1;32", "$")} ${style("1", `voke device simulate --package ${packageFile} --interval 1s &`)}\n`,
  );
  const device = spawnTracked(
    [VOKE_BIN, "device", "simulate", "--package", packageFile, "--interval", "1s"],
    {
      ...vokeEnv,
      VOKE_FORCE_TTY: "",
    },
  );
  const deviceRun = collect(device);
  const active = await until("the plant to turn ACTIVE/ONLINE", async () => {
    const p = await vokeJson<Plant>(["plants", "get", roof.id]);
    return p.lifecycleStatus === "ACTIVE" && p.status === "ONLINE" ? p : undefined;
  });
  show(`plant ${active.id} is ${active.lifecycleStatus} and ${active.status}`);
  await voke(["plants", "get", roof.id, "--fields", "id,name,lifecycleStatus,status,activatedAt,lastSeenAt"]);

  banner("Send a command and wait for the device's ack");
  await voke([
    "commands",
    "send",
    roof.id,
    "reboot",
    "--payload",
    '{"delaySeconds":0}',
    "--wait",
    "--timeout",
    "15s",
  ]);
  await voke(["commands", "list", roof.id]);

  banner("Create an alert rule and watch it fire from telemetry");
  await voke([
    "alert-rules",
    "create",
    "--name",
    "Inverter hot",
    "--metric",
    "temperatureC",
    "--condition",
    "GT",
    "--threshold",
    "0",
    "--severity",
    "CRITICAL",
    "--plant-id",
    roof.id,
  ]);
  const alerted = await until("the alert to fire", async () => {
    const p = await vokeJson<Plant>(["plants", "get", roof.id]);
    return p.alerts && p.alerts.length > 0 ? p : undefined;
  });
  show(`alert: [${alerted.alerts?.[0]?.severity}] ${alerted.alerts?.[0]?.message}`);

  banner("What voke plants watch printed meanwhile: presence, telemetry, the command's states, the alert");
  watcher.kill("SIGINT");
  const watchLines = (await watched).stdout.split("\n").filter((line) => line.trim() !== "");
  // In the order printed; telemetry arrives every second, so only its first few lines are shown.
  let telemetryShown = 0;
  show(watchLines.filter((line) => !/telemetry/.test(line) || telemetryShown++ < 3).join("\n"));
  if (!watchLines.some((line) => /alert/.test(line)))
    throw new Error("voke plants watch did not show the alert");

  banner("Energy today and certificate health");
  await until("some energy figures", async () => {
    const e = await vokeJson<{ produced: number }>(["plants", "energy", roof.id]);
    return e.produced > 0 ? e : undefined;
  });
  await voke(["plants", "energy", roof.id]);
  await voke(["plants", "cert-stats"]);

  banner("Rotate the password plant's secret (the new one goes to a 0600 file)");
  await voke(["provision", "create", garage.id, "--file", join(work, `voke-${garage.serialNumber}.json`)]);
  await voke(["plants", "rotate-secret", garage.id, "--secret-file", join(work, "garage.secret")]);

  banner("Suspend the MTLS plant: its live session is cut at once");
  await voke(["plants", "suspend", roof.id]);
  const offline = await until("the device to be cut off", async () => {
    const p = await vokeJson<Plant>(["plants", "get", roof.id]);
    return p.status === "OFFLINE" ? p : undefined;
  });
  show(`plant ${offline.id} is ${offline.lifecycleStatus} and ${offline.status}`);
  const refused = await until("the broker to refuse the device's reconnection", async () => {
    const p = await vokeJson<Plant & { authFailureCount: number }>(["plants", "get", roof.id]);
    return p.authFailureCount > 0 ? p : undefined;
  });
  show(`the device tried to reconnect and was refused: authFailureCount = ${refused.authFailureCount}`);

  banner("Revoke it: certificate on the CRL, secret destroyed, DECOMMISSIONED for good");
  await voke(["plants", "revoke", roof.id, "--yes"]);
  await voke(["plants", "get", roof.id, "--fields", "id,lifecycleStatus,status,authFailureCount"]);
  await voke(["plants", "cert-stats"]);

  banner("What the device saw");
  device.kill("SIGINT");
  const seen = await deviceRun;
  show(
    seen.stderr
      .split("\n")
      .filter((l) => /connect|command|refus|cut|disconnect|closed/i.test(l))
      .slice(0, 12)
      .join("\n"),
  );

  banner("Stop the server");
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.once("exit", r));
  show(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function cleanup(): Promise<void> {
  for (const child of children) child.kill("SIGKILL");
  await rm(work, { recursive: true, force: true });
}

process.once("SIGINT", () => {
  void cleanup().then(() => process.exit(130));
});

try {
  await main();
  await cleanup();
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await cleanup();
  process.exit(1);
}
