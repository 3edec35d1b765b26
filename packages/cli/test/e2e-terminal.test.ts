/**
 * The real `voke` bundle on a real pseudo-terminal (util-linux `script`) against the real server: tables
 * fit 80 and 120 columns, a plant named with OSC/CSI sequences prints inert, the token prompt never
 * shows the token, completion offers plant ids from the API, and `--jq` and `voke api` script it.
 */

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProfileStore } from "../src/config/profiles.ts";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";
import { runInPty, withoutColour } from "./pty.ts";

let server: E2eServer;
let voke: VokeRunner;
let entry: string;
let home: string;
const ids: Record<string, string> = {};

const LONG_NAME = `Roof PV ${"north building, second inverter string, ".repeat(2)}end`;
// Sets the window title, clears the screen, and an 8-bit CSI: all must arrive as visible text.
const HOSTILE_NAME = "Evil \u001b]0;pwned\u0007\u001b[2J\u001b[H\u009b31mRED";

beforeAll(async () => {
  const [started, built] = await Promise.all([startE2eServer(), buildVoke()]);
  server = started;
  entry = built;
  home = mkdtempSync(join(tmpdir(), "voke-e2e-terminal-"));
  voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
  for (const [key, name, serialNumber] of [
    ["long", LONG_NAME, "SN-TERM-LONG"],
    ["hostile", HOSTILE_NAME, "SN-TERM-EVIL"],
    ["plain", "Garage battery", "SN-TERM-3"],
  ] as const) {
    ids[key] = (
      await server.api.plants.create({ name, serialNumber, type: "CONTROLLER", authMethod: "PASSWORD" })
    ).id;
  }
});
afterAll(async () => {
  await server?.stop();
});

/** A terminal's environment: nothing from the test runner but PATH. */
function terminalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    TERM: "xterm-256color",
    VOKE_CONFIG_DIR: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    VOKE_API_URL: server.httpUrl,
    VOKE_TOKEN: server.adminToken,
    ...extra,
  };
}

/** Nothing but voke's own colour may drive the terminal: no ESC, BEL or C1 left once colour is removed. */
function expectInert(screen: string): void {
  expect(withoutColour(screen).replaceAll("\n", "")).not.toMatch(/\p{Cc}/u);
}

describe("on a pseudo-terminal", () => {
  it.each([80, 120])("plants list fits %i columns, never wraps, cuts long names with …", async (columns) => {
    const { code, screen } = await runInPty([process.execPath, entry, "plants", "list"], {
      columns,
      env: terminalEnv(),
    });
    expect(code).toBe(0);
    const lines = withoutColour(screen).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+.*LIFECYCLE\s+STATUS/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
    expect(lines).toHaveLength(4); // header + 3 plants: nothing wrapped
    for (const id of Object.values(ids)) expect(screen).toContain(id); // ids whole, to copy
    expect(screen).toContain("…");
    expect(screen).not.toContain(LONG_NAME);
    expectInert(screen);
  });

  it("a name with OSC/CSI sequences prints inert in the list, the detail view and errors", async () => {
    const list = await runInPty([process.execPath, entry, "plants", "list"], {
      columns: 200,
      env: terminalEnv(),
    });
    expect(list.screen).toContain("Evil ^[]0;pwned^G^[[2J^[[H\\u009b31mRED");
    expectInert(list.screen);
    const detail = await runInPty([process.execPath, entry, "plants", "get", ids.hostile as string], {
      columns: 80,
      env: terminalEnv(),
    });
    expect(detail.code).toBe(0);
    expect(withoutColour(detail.screen).split("\n")[0]).toBe(
      "Evil ^[]0;pwned^G^[[2J^[[H\\u009b31mRED  SN-TERM-EVIL",
    );
    expect(detail.screen).toContain("Recent commands: none");
    expectInert(detail.screen);
    const csv = await runInPty([process.execPath, entry, "plants", "list", "-o", "csv"], {
      columns: 120,
      env: terminalEnv(),
    });
    expectInert(csv.screen.replaceAll("\r", ""));
    // JSON escapes them; piped output keeps the data exactly.
    const json = await voke.run(["plants", "get", ids.hostile as string, "-o", "json"]);
    expect(json.stdout.replaceAll("\n", "")).not.toMatch(/\p{Cc}/u);
    expect(JSON.parse(json.stdout).name).toBe(HOSTILE_NAME);
  });

  it("plants get: a title line, the states, and no empty rows", async () => {
    const { code, screen } = await runInPty([process.execPath, entry, "plants", "get", ids.plain as string], {
      columns: 80,
      env: terminalEnv(),
    });
    expect(code).toBe(0);
    const lines = withoutColour(screen).split("\n");
    expect(lines[0]).toBe("Garage battery  SN-TERM-3");
    expect(lines[1]).toBe("PENDING · OFFLINE · CONTROLLER · PASSWORD · never seen");
    expect(screen).not.toMatch(/^(Description|Tag|Template)\b/m);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it("voke login --with-token: the prompt shows * for each character, never the token", async () => {
    const token = server.createToken("viewer");
    const configDir = join(home, "login-config");
    const { code, screen } = await runInPty([process.execPath, entry, "login", "--with-token"], {
      columns: 80,
      env: terminalEnv({ VOKE_CONFIG_DIR: configDir, VOKE_TOKEN: "" }),
      type: { after: "Paste your API token:", text: `${token}\r` },
    });
    expect(code).toBe(0);
    expect(screen).not.toContain(token);
    expect(screen).toContain(`Paste your API token: ${"*".repeat(token.length)}`);
    expect(screen).toContain("✓");
    expect(createProfileStore(configDir).read("default").token).toBe(token);
  });
});

describe("completion with the real voke and server", () => {
  it("bash offers the API's plant ids for plants get, and caches them", () => {
    const bin = mkdtempSync(join(tmpdir(), "voke-e2e-bin-"));
    writeFileSync(join(bin, "voke"), `#!/bin/sh\nexec '${process.execPath}' '${entry}' "$@"\n`, {
      mode: 0o755,
    });
    const script = join(bin, "voke.bash");
    writeFileSync(
      script,
      execFileSync(process.execPath, [entry, "completion", "bash"], { encoding: "utf8" }),
    );
    const complete = (words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `source '${script}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _voke_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: "utf8", env: terminalEnv({ PATH: `${bin}:${process.env.PATH}` }) },
      )
        .split("\n")
        .filter(Boolean);
    expect(complete(["voke", "plants", "get", ""]).sort()).toEqual(Object.values(ids).sort());
    expect(complete(["voke", "plants", "suspend", (ids.plain as string).slice(0, 13)])).toEqual([ids.plain]);
    const cacheDir = join(home, "cache", "voke", "completion");
    expect(existsSync(cacheDir) && readdirSync(cacheDir).some((file) => file.startsWith("plant-ids-"))).toBe(
      true,
    );
    expect(readdirSync(cacheDir).join(" ")).not.toContain(server.adminToken);
  });
});

describe("scripting like gh", () => {
  it("--jq filters any JSON output through jq", async () => {
    const names = await voke.run(["plants", "list", "--jq", ".[].serialNumber"]);
    expect(names.code).toBe(0);
    expect(names.stdout.trim().split("\n").sort()).toEqual(["SN-TERM-3", "SN-TERM-EVIL", "SN-TERM-LONG"]);
    const one = await voke.run(["plants", "get", ids.plain as string, "--jq", "{name, lifecycleStatus}"]);
    expect(JSON.parse(one.stdout)).toEqual({ name: "Garage battery", lifecycleStatus: "PENDING" });
    const bad = await voke.run(["plants", "list", "--jq", ".[ | "]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid --jq expression: jq: error: syntax error/);
  });

  it("voke api calls any endpoint with the profile's credentials, with fields and --paginate", async () => {
    const page = await voke.run(["api", "GET", "plants", "-f", "limit=1"]);
    expect(page.code).toBe(0);
    expect(JSON.parse(page.stdout).meta).toMatchObject({ limit: 1, total: 3, totalPages: 3 });
    const all = await voke.run([
      "api",
      "GET",
      "/api/v1/plants",
      "-f",
      "limit=1",
      "--paginate",
      "--jq",
      "length",
    ]);
    expect(all.stdout).toBe("3\n");
    const created = await voke.run([
      "api",
      "POST",
      "plants",
      "-f",
      "name=Api plant",
      "-f",
      "serialNumber=SN-TERM-API",
      "-f",
      "type=SENSOR",
      "-F",
      'metadata={"site":"Brno"}',
      "--jq",
      ".metadata.site",
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe("Brno\n");
    const missing = await voke.run(["api", "GET", "plants/00000000-0000-4000-8000-000000000000"]);
    expect(missing.code).toBe(5);
    expect(JSON.parse(missing.stdout).code).toBe("PLANT_NOT_FOUND");
  });

  it("voke api sends a body from --input (a file or stdin) and headers from -H, which the server honours", async () => {
    const body = join(home, "api-plant.json");
    writeFileSync(
      body,
      JSON.stringify({ name: "Input plant", serialNumber: "SN-TERM-INPUT", type: "GATEWAY" }),
    );
    const key = ["-H", "Idempotency-Key: e2e-api-input"];
    const first = await voke.run(["api", "POST", "plants", "--input", body, ...key]);
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created).toMatchObject({ name: "Input plant", serialNumber: "SN-TERM-INPUT", type: "GATEWAY" });
    // The same key: the server replays its first answer instead of refusing a second plant.
    const replay = await voke.run(["api", "POST", "plants", "--input", body, ...key]);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).id).toBe(created.id);
    // Without it, the same body is a second create: the serial number is taken (409, exit 6).
    const again = await voke.run(["api", "POST", "plants", "--input", body]);
    expect(again.code).toBe(6);
    expect(JSON.parse(again.stdout).code).toBe("PLANT_ALREADY_EXISTS");
    // The body from stdin.
    const renamed = await voke.run(
      ["api", "PATCH", `plants/${created.id}`, "--input", "-", "--jq", ".name"],
      { stdin: JSON.stringify({ name: "Input plant, renamed" }) },
    );
    expect(renamed).toMatchObject({ code: 0, stdout: "Input plant, renamed\n" });
    // A default header may be replaced (see headers.test.ts for which one is sent).
    const deleted = await voke.run(["api", "DELETE", `plants/${created.id}`, "-H", "Accept: */*"]);
    expect(deleted.code).toBe(0);
    expect((await voke.run(["api", "GET", `plants/${created.id}`])).code).toBe(5);
  });

  it("voke api refuses a malformed -H, --input with GET, and an unreadable --input (exit 2)", async () => {
    const header = await voke.run(["api", "GET", "plants", "-H", "no colon here"]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('invalid value for --header: must be "Name: value"');
    const get = await voke.run(["api", "GET", "plants", "--input", "-"]);
    expect(get.code).toBe(2);
    expect(get.stderr).toContain("--input sends a request body");
    const missing = await voke.run(["api", "POST", "plants", "--input", join(home, "no-such.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read --input ${join(home, "no-such.json")}`);
  });
});

describe("hints", () => {
  it("a server that is not there: the URL, is it running, how to start one", async () => {
    const result = await voke.run(["plants", "list"], { env: { VOKE_API_URL: "http://127.0.0.1:9" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Is voke-server running at http://127.0.0.1:9?");
    expect(result.stderr).toContain("voke-server start");
  });

  it("https against the plain HTTP server: one clear line", async () => {
    const https = server.httpUrl.replace(/^http:/, "https:");
    const result = await voke.run(["plants", "list", "--url", https]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${https} does not speak HTTPS (it answered like a plain HTTP server): use ${server.httpUrl}\n`,
    );
  });

  it("a refused token: run voke login", async () => {
    const result = await voke.run(["plants", "list"], {
      env: { VOKE_TOKEN: "voke_not_a_real_token_000000000000" },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("run `voke login --with-token`");
    expect(result.stderr).not.toContain("voke_not_a_real_token_000000000000");
  });
});

// Last: it adds plants the tests above do not expect.
describe("bulk create", () => {
  it("on a terminal: a progress bar and a summary table; piped: one NDJSON line per row", async () => {
    const csv = join(home, "bulk.csv");
    writeFileSync(
      csv,
      "name,serialNumber,type,authMethod\nBulk one,SN-TERM-B1,SENSOR,PASSWORD\nBulk two,SN-TERM-B2,NOPE,PASSWORD\n",
    );
    const { code, screen } = await runInPty(
      [process.execPath, entry, "plants", "create", "--from-file", csv, "--concurrency", "1"],
      { columns: 80, env: terminalEnv() },
    );
    expect(code).toBe(8);
    const shown = withoutColour(screen);
    expect(shown).toContain("creating [");
    expect(shown).toMatch(/^ROW\s+SERIAL\s+STATUS\s+ID\s+ERROR$/m);
    expect(shown).toMatch(/^1\s+SN-TERM-B1\s+created\s+[0-9a-f-]{36}/m);
    expect(shown).toMatch(/^2\s+SN-TERM-B2\s+failed\s+/m);
    expect(shown).not.toContain('{"row"');
    for (const line of shown.split("\n").filter((l) => !l.includes("creating ["))) {
      expect([...line].length).toBeLessThanOrEqual(80);
    }
    const piped = await voke.run(["plants", "create", "--from-file", csv]);
    expect(piped.code).toBe(8);
    const results = piped.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(results.map((result) => [result.row, result.status])).toEqual([
      [1, "exists"],
      [2, "failed"],
    ]);
  });
});
