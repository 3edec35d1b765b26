import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../commands/index.ts";
import { buildProgram } from "../main.ts";
import type { RegistryEntry } from "./define.ts";
import { commandWords, entriesForCommandLine, type GlobalFlag } from "./select.ts";

const flags: GlobalFlag[] = [
  { names: ["-o", "--output"], value: "required" },
  { names: ["--json"], value: "none" },
  { names: ["--profile"], value: "required" },
  { names: ["--color-level"], value: "optional" },
];

const names = (entries: readonly RegistryEntry[]) =>
  entries.map((entry) => [entry.noun, entry.kind === "command" ? entry.verb : "(group)"].join(" "));

describe("commandWords", () => {
  it("skips global flags and their values, as the parser's root does", () => {
    expect(commandWords(["-o", "json", "plants", "list", "--json"], flags)).toEqual(["plants", "list"]);
    expect(commandWords(["--output=csv", "--profile", "ci", "plants", "ls"], flags)).toEqual([
      "plants",
      "ls",
    ]);
  });

  it("stops where the parser would hand the rest on unread or could read it two ways", () => {
    expect(commandWords(["plants", "--limit", "5", "list"], flags)).toEqual(["plants"]);
    expect(commandWords(["--", "plants", "list"], flags)).toEqual([]);
    expect(commandWords(["--color-level", "plants", "list"], flags)).toEqual([]);
    expect(commandWords(["-ojson", "plants"], flags)).toEqual([]);
  });
});

describe("entriesForCommandLine", () => {
  const entriesFor = (argv: string[]) => names(entriesForCommandLine(argv, commandRegistry, flags));

  it("keeps a noun's group and the named verb, by name or alias", () => {
    expect(entriesFor(["plants", "list", "-o", "json"])).toEqual(["plants (group)", "plants list"]);
    expect(entriesFor(["plants", "ls"])).toEqual(["plants (group)", "plants list"]);
  });

  it("keeps every verb of the noun when the next word names none of them", () => {
    const plants = names(commandRegistry.filter((entry) => entry.noun === "plants"));
    expect(entriesFor(["plants"])).toEqual(plants);
    expect(entriesFor(["plants", "lst"])).toEqual(plants);
  });

  it("keeps a top-level command alone, its arguments being no verbs", () => {
    expect(entriesFor(["completion", "bash"])).toEqual(["completion "]);
  });

  it("keeps everything when the line names no known noun", () => {
    for (const argv of [[], ["help", "plants"], ["frobnicate"], ["--help", "plants"]]) {
      expect(entriesForCommandLine(argv, commandRegistry, flags)).toBe(commandRegistry);
    }
  });
});

/** Parses `argv` with a program of only the entries it names, or of every entry; reports what came out. */
async function parse(argv: string[], pruned: boolean) {
  let text = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const runs: unknown[] = [];
  const program = buildProgram({
    entries: commandRegistry,
    streams: { stdout: sink, stderr: sink, stdin: new PassThrough() },
    run: async (definition, invocation) => {
      runs.push({ noun: definition.noun, verb: definition.verb, values: invocation.values });
    },
    ...(pruned ? { argv } : {}),
  });
  let error: unknown;
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (caught) {
    const { code, message } = caught as { code?: string; message?: string };
    error = { code, message };
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { text, runs, error, globals: program.opts() };
}

describe("a program built for one command line", () => {
  it("parses, fails and prints help exactly as the whole program does", async () => {
    const lines = [
      ["plants", "list", "-o", "json"],
      ["plants", "ls", "--limit", "5", "--auth-method", "TOKEN"],
      ["-o", "json", "plants", "list", "--all"],
      ["--output=csv", "--profile", "ci", "plants", "list"],
      ["plants", "-o", "json", "list"],
      ["plants", "--help"],
      ["plants", "list", "--help"],
      ["plants", "lst"],
      ["plants", "list", "--bogus"],
      ["plants", "list", "--auth-method", "NOPE"],
      ["plants", "list", "extra"],
      ["plants", "get"],
      ["plants"],
      ["--json", "plants", "cert-stats"],
      ["alert-rules", "ls"],
      ["completion", "bash"],
      ["completion", "tcsh"],
      ["config", "get", "api-url"],
      ["login", "--with-token"],
    ];
    for (const argv of lines) {
      expect(await parse(argv, true), argv.join(" ")).toEqual(await parse(argv, false));
    }
  });
});
