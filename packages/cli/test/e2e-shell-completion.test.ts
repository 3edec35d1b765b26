/**
 * Completion in real shells: the scripts `voke completion bash|zsh|fish` prints, loaded into bash,
 * zsh and fish and asked what they offer, with the built voke on PATH against the real server: file
 * names for file flags, directories for directory flags, help topics and commands, flag choices,
 * and plant ids from the API (cached for a minute).
 */

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../../server/test/required-tool.ts";
import { buildVoke, type E2eServer, startE2eServer } from "./e2e-support.ts";
import { completeInBash, completeInFish, completeInZsh, type ShellContext } from "./shells.ts";

let server: E2eServer;
let home: string;
let work: string;
let env: Record<string, string>;
const scripts: Record<"bash" | "zsh" | "fish", string> = { bash: "", zsh: "", fish: "" };
const ids: string[] = [];

beforeAll(async () => {
  requireTool("zsh", "zsh");
  requireTool("fish", "fish");
  const [started, entry] = await Promise.all([startE2eServer(), buildVoke()]);
  server = started;
  for (const serialNumber of ["SN-SHELL-1", "SN-SHELL-2", "SN-SHELL-3"]) {
    ids.push((await server.api.plants.create({ name: serialNumber, serialNumber, type: "SENSOR" })).id);
  }
  home = mkdtempSync(join(tmpdir(), "voke-shells-"));
  // `voke` on PATH, as the scripts call it for plant ids.
  const bin = join(home, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "voke"), `#!/bin/sh\nexec '${process.execPath}' '${entry}' "$@"\n`, {
    mode: 0o755,
  });
  env = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: home,
    XDG_CACHE_HOME: join(home, "cache"),
    VOKE_CONFIG_DIR: join(home, "config"),
    VOKE_API_URL: server.httpUrl,
    VOKE_TOKEN: server.adminToken,
  };
  for (const shell of ["bash", "zsh", "fish"] as const) {
    scripts[shell] = join(home, `voke.${shell}`);
    writeFileSync(
      scripts[shell],
      execFileSync(join(bin, "voke"), ["completion", shell], { env, encoding: "utf8" }),
    );
  }
  // The directory the user completes in.
  work = join(home, "work");
  mkdirSync(join(work, "packages"), { recursive: true });
  writeFileSync(join(work, "plants.csv"), "");
  writeFileSync(join(work, "payload.json"), "");
});
afterAll(async () => {
  await server?.stop();
});

const context = (shell: keyof typeof scripts): ShellContext => ({ script: scripts[shell], cwd: work, env });
/** Directory matches without the "/" some shells add. */
const names = (matches: string[] | undefined) =>
  (matches ?? []).map((match) => match.replace(/\/$/, "")).sort();

/** The command lines every shell is asked about; `=` is `--flag=value`. */
const LINES = {
  fromFile: "voke plants create --from-file pl",
  packageFile: "voke device simulate --package pay",
  provisionFile: () => `voke provision download ${ids[0]} --file pl`,
  outDir: "voke plants create --out-dir ",
  helpTopic: "voke help ex",
  help: "voke help ",
  choices: "voke plants list --auth-method ",
  globalChoices: "voke --output=nd",
  plantIds: "voke plants get ",
  onePlant: () => `voke plants suspend ${ids[1]?.slice(0, 13)}`,
  // Past the plant id, or where the argument is something else, no plant ids.
  afterPlantId: () => `voke plants get ${ids[0]} `,
  commandName: () => `voke commands send ${ids[0]} `,
  plantIdFlag: "voke alert-rules list --plant-id ",
  // A flag's value (json) is not taken for an argument.
  afterFlagValue: "voke -o json plants get ",
  equalsFile: "voke plants create --from-file=pl",
};
type Line = keyof typeof LINES;
const lineText = (line: Line) => {
  const value = LINES[line];
  return typeof value === "function" ? value() : value;
};

/** What every shell must offer, by line. */
function expectAnswers(answer: (line: Line) => string[]): void {
  expect(answer("fromFile")).toEqual(["plants.csv"]);
  expect(answer("packageFile")).toEqual(["payload.json"]);
  expect(answer("provisionFile")).toEqual(["plants.csv"]);
  expect(names(answer("outDir"))).toEqual(["packages"]);
  expect(answer("helpTopic")).toEqual(["exit-codes"]);
  expect(answer("help")).toEqual(
    expect.arrayContaining(["environment", "exit-codes", "plants", "provision"]),
  );
  expect(answer("choices").sort()).toEqual(["MTLS", "PASSWORD", "TOKEN"]);
  expect(answer("plantIds")).toEqual(expect.arrayContaining(ids));
  expect(answer("onePlant")).toEqual([ids[1]]);
  expect(answer("afterPlantId")).toEqual([]);
  expect(answer("commandName")).toEqual([]);
  expect(answer("plantIdFlag").sort()).toEqual([...ids].sort());
  expect(answer("afterFlagValue").sort()).toEqual([...ids].sort());
}

describe("completion in real shells, with the real voke and server", () => {
  it("bash", () => {
    const lines = Object.keys(LINES) as Line[];
    // readline gives bash "--from-file", "=", "pl" for --from-file=pl.
    const words = (line: Line) => {
      const text = lineText(line);
      if (line === "equalsFile") return ["voke", "plants", "create", "--from-file", "=", "pl"];
      if (line === "globalChoices") return ["voke", "--output", "=", "nd"];
      return text.split(" ");
    };
    const matches = completeInBash(context("bash"), lines.map(words));
    const answer = (line: Line) => matches[lines.indexOf(line)] ?? [];
    // bash offers the command's flags too where nothing else fits; fish waits for a "-".
    expectAnswers((line) => answer(line).filter((match) => !match.startsWith("-")));
    expect(answer("equalsFile")).toEqual(["plants.csv"]);
    expect(answer("globalChoices")).toEqual(["ndjson"]);
  });

  it("zsh", () => {
    const lines = Object.keys(LINES) as Line[];
    const matches = completeInZsh(context("zsh"), lines.map(lineText));
    const answer = (line: Line) => matches[lines.indexOf(line)] ?? [];
    // zsh lists the flags with the other candidates.
    expectAnswers((line) => answer(line).filter((match) => !match.startsWith("-")));
    expect(answer("equalsFile")).toEqual(["plants.csv"]);
    expect(answer("globalChoices")).toEqual(["ndjson"]);
  });

  it("fish", () => {
    const lines = Object.keys(LINES) as Line[];
    const matches = completeInFish(context("fish"), lines.map(lineText));
    const answer = (line: Line) => matches[lines.indexOf(line)] ?? [];
    expectAnswers(answer);
    expect(answer("equalsFile")).toEqual(["--from-file=plants.csv"]);
    expect(answer("globalChoices")).toEqual(["--output=ndjson"]);
  });

  it("plant ids come from a cache for a while: a plant created since is not offered yet", async () => {
    const shellEnv = { ...env, XDG_CACHE_HOME: join(home, "fresh-cache") };
    const ask = () => completeInFish({ ...context("fish"), env: shellEnv }, ["voke plants get "])[0] ?? [];
    expect(ask().sort()).toEqual([...ids].sort());
    const created = await server.api.plants.create({
      name: "late",
      serialNumber: "SN-SHELL-LATE",
      type: "SENSOR",
    });
    expect(ask().sort()).toEqual([...ids].sort());
    // Without that cache, the API is asked again and the new plant is there.
    const otherEnv = { ...env, XDG_CACHE_HOME: join(home, "other-cache") };
    const other = completeInFish({ ...context("fish"), env: otherEnv }, ["voke plants get "])[0] ?? [];
    expect(other).toContain(created.id);
  });
});
