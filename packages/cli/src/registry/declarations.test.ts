import { PassThrough } from "node:stream";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../commands/index.ts";
import { argumentKey, optionSyntax, spelling } from "../flags/declare.ts";
import { globalFlags } from "../flags/global.ts";
import { readInput } from "../flags/validate.ts";
import { buildProgram } from "../main.ts";
import type { AnyCommandDefinition } from "./define.ts";

const silent = new PassThrough();
const program = buildProgram({
  entries: commandRegistry,
  streams: { stdout: silent, stderr: silent, stdin: silent },
  run: async () => {},
});

const verbs = commandRegistry.filter((entry): entry is AnyCommandDefinition => entry.kind === "command");

function commandOf(entry: AnyCommandDefinition): Command {
  const parent =
    entry.verb === undefined ? program : program.commands.find((command) => command.name() === entry.noun);
  const found = parent?.commands.find((command) => command.name() === (entry.verb ?? entry.noun));
  if (!found) throw new Error(`${entry.noun} ${entry.verb ?? ""} is not registered`);
  return found;
}

const name = (entry: AnyCommandDefinition) => `voke ${entry.noun}${entry.verb ? ` ${entry.verb}` : ""}`;

describe("every verb's commander options and its validator come from the same declarations", () => {
  it.each(verbs.map((entry) => [name(entry), entry] as const))("%s", (_, entry) => {
    const command = commandOf(entry);
    const flags = Object.entries(entry.flags ?? {});
    // The parser knows exactly the declared flags, spelled from their keys...
    expect(command.options.map((option) => option.attributeName())).toEqual(flags.map(([key]) => key));
    expect(command.options.map((option) => option.flags)).toEqual(
      flags.map(([key, spec]) => optionSyntax(key, spec)),
    );
    for (const [key, spec] of flags) {
      expect(command.options.find((option) => option.attributeName() === key)?.long).toBe(spelling(key));
      // ...offers the choices the validator accepts, and nothing it would refuse...
      const option = command.options.find((candidate) => candidate.attributeName() === key);
      expect(option?.argChoices ?? []).toEqual([...(spec.choices ?? [])]);
      for (const choice of spec.choices ?? [])
        expect(readInput({ flags: { [key]: spec } }, { [key]: choice })).not.toHaveProperty("error");
      // ...and a default is a value the validator accepts.
      if (spec.default !== undefined)
        expect(readInput({ flags: { [key]: spec } }, {})).not.toHaveProperty("error");
      // Relations name flags of the same verb.
      for (const other of [spec.conflicts, spec.requires])
        if (other !== undefined) expect(Object.keys(entry.flags ?? {})).toContain(other);
    }
    expect(command.registeredArguments.map((argument) => argumentKey(argument.name()))).toEqual(
      (entry.args ?? []).map((spec) => argumentKey(spec.name)),
    );
    for (const spec of entry.args ?? [])
      for (const choice of spec.choices ?? [])
        expect(readInput({ args: [spec] }, { [argumentKey(spec.name)]: choice })).not.toHaveProperty("error");
  });

  it("the program's own flags are their declarations too", () => {
    expect(program.options.map((option) => option.flags)).toEqual([
      "-v, --version",
      ...Object.entries(globalFlags).map(([key, spec]) => optionSyntax(key, spec)),
    ]);
  });
});
