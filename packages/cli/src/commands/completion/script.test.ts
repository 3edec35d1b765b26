import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flag } from "../../flags/declare.ts";
import { defineCommand } from "../../registry/define.ts";
import { runVoke } from "../../test-support/harness.ts";
import { commandRegistry } from "../index.ts";

/** The real registry plus a noun added later, to show new commands appear without touching completion. */
const entries = [
  ...commandRegistry,
  defineCommand({
    noun: "gadgets",
    verb: "inspect",
    summary: "inspect a gadget",
    flags: { mode: flag.choice("mode", ["shallow", "deep"], "how deep") },
    load: async () => ({ run: async () => {} }),
  }),
];

async function script(shell: string): Promise<string> {
  const result = await runVoke(["completion", shell], { entries });
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Runs the bash completion function for a partly typed command line and returns its candidates. */
function complete(source: string, words: string[], cwd?: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "voke-completion-"));
  const file = join(dir, "voke.bash");
  writeFileSync(file, source);
  const quoted = words.map((word) => `'${word}'`).join(" ");
  const out = execFileSync(
    "bash",
    [
      "-c",
      `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _voke_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: "utf8", ...(cwd ? { cwd } : {}) },
  );
  rmSync(dir, { recursive: true, force: true });
  return out.split("\n").filter(Boolean);
}

describe("voke completion", () => {
  it("bash: completes nouns, verbs, flags and flag values from the command tree", async () => {
    const bash = await script("bash");
    expect(complete(bash, ["voke", ""])).toEqual(
      expect.arrayContaining([
        "login",
        "logout",
        "auth",
        "config",
        "completion",
        "gadgets",
        "--output",
        "--json",
      ]),
    );
    expect(complete(bash, ["voke", "co"]).sort()).toEqual(["commands", "completion", "config"]);
    expect(complete(bash, ["voke", "config", ""])).toEqual(
      expect.arrayContaining(["get", "set", "list", "ls", "path"]),
    );
    expect(complete(bash, ["voke", "gadgets", "inspect", "--m"])).toEqual(["--mode"]);
    expect(complete(bash, ["voke", "gadgets", "inspect", "--mode", ""])).toEqual(["shallow", "deep"]);
    expect(complete(bash, ["voke", "-o", "json", "auth", ""])).toEqual(expect.arrayContaining(["status"]));
    expect(complete(bash, ["voke", "auth", "status", "-o", "nd"])).toEqual(["ndjson"]);
    expect(complete(bash, ["voke", "completion", ""])).toEqual(
      expect.arrayContaining(["bash", "zsh", "fish"]),
    );
  });

  it("bash: file names for file flags, directories for directory flags, help topics after help", async () => {
    const bash = await script("bash");
    const work = mkdtempSync(join(tmpdir(), "voke-completion-files-"));
    writeFileSync(join(work, "plants.csv"), "");
    writeFileSync(join(work, "payload.json"), "");
    mkdirSync(join(work, "packages"));
    expect(complete(bash, ["voke", "plants", "create", "--from-file", "pl"], work)).toEqual(["plants.csv"]);
    expect(complete(bash, ["voke", "device", "simulate", "--package", "pay"], work)).toEqual([
      "payload.json",
    ]);
    expect(complete(bash, ["voke", "plants", "create", "--out-dir", ""], work)).toEqual(["packages"]);
    expect(complete(bash, ["voke", "help", ""])).toEqual(
      expect.arrayContaining(["exit-codes", "environment", "plants"]),
    );
    expect(complete(bash, ["voke", "help", "ex"])).toEqual(["exit-codes"]);
    rmSync(work, { recursive: true, force: true });
  });

  it("bash: plant ids from `voke __complete plant-ids` for commands that take a plant id", async () => {
    const bash = await script("bash");
    const bin = mkdtempSync(join(tmpdir(), "voke-completion-bin-"));
    // A stand-in for voke on PATH; the real binary against a real server is in test/e2e-terminal.test.ts.
    writeFileSync(
      join(bin, "voke"),
      '#!/bin/sh\n[ "$1 $2" = "__complete plant-ids" ] && printf "%s\\n" 3f1c-aaaa 3f1c-bbbb 9e00-cccc\n',
      {
        mode: 0o755,
      },
    );
    const withPath = `export PATH='${bin}':"$PATH"\n${bash}`;
    expect(complete(withPath, ["voke", "plants", "get", "3f"])).toEqual(["3f1c-aaaa", "3f1c-bbbb"]);
    expect(complete(withPath, ["voke", "plants", "list", ""])).not.toContain("3f1c-aaaa");
    rmSync(bin, { recursive: true, force: true });
  });

  it("zsh and fish complete files, topics and plant ids too", async () => {
    const zsh = await script("zsh");
    expect(zsh).toContain("'plants create|--from-file') _files; return ;;");
    expect(zsh).toContain("'plants create|--out-dir') _files -/; return ;;");
    expect(zsh).toContain("'exit-codes:help topic'");
    expect(zsh).toContain("__complete plant-ids");
    const fish = await script("fish");
    expect(fish).toContain("-l from-file -r -F");
    expect(fish).toContain("-a 'exit-codes environment' -d 'help topic'");
    expect(fish).toContain(
      "-n '__voke_argument \\'plants get\\' 0' -a '(voke __complete plant-ids 2>/dev/null)'",
    );
  });

  it("zsh: a compdef function naming every command with its summary", async () => {
    const zsh = await script("zsh");
    expect(zsh.startsWith("#compdef voke\n")).toBe(true);
    expect(zsh).toContain("'config get'|");
    expect(zsh).toContain("'gadgets inspect'");
    expect(zsh).toContain("'inspect:inspect a gadget'");
    expect(zsh).toContain("'gadgets inspect|--mode') compadd -- 'shallow' 'deep'; return ;;");
    expect(zsh).toContain("compdef _voke voke");
  });

  it("fish: complete lines per command path, with flag choices", async () => {
    const fish = await script("fish");
    expect(fish).toContain(
      "complete -c voke -n '__voke_at \\'config\\'' -a 'set' -d 'store a setting in a profile'",
    );
    expect(fish).toContain("-l mode -x -a 'shallow deep' -d 'how deep'");
    expect(fish).toContain("complete -c voke -s o -l output -x -a 'table json ndjson csv'");
  });

  it("refuses an unknown shell with exit 2", async () => {
    const result = await runVoke(["completion", "powershell"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});
