/** Turns registry entries into commander commands: names, flags, help with examples, lazy actions. */

import { Argument, type Command, Option } from "commander";
import { type ArgumentSpec, argumentKey, type FlagSpec, optionSyntax } from "../flags/declare.ts";
import type { AnyCommandDefinition, RegistryEntry } from "./define.ts";

/** What an action hands to main: the raw flag and argument values, keyed as the declarations are. */
export interface ParsedInvocation {
  /** Flag keys and camelCase argument names → values as commander parsed them (strings, booleans). */
  values: Record<string, unknown>;
  command: Command;
}

export type RunCommand = (definition: AnyCommandDefinition, invocation: ParsedInvocation) => Promise<void>;

/** Commander's option for a declared flag: syntax, help (marking required flags), choices, default. */
export function optionOf(key: string, spec: FlagSpec): Option {
  const option = new Option(
    optionSyntax(key, spec),
    spec.required ? `${spec.description} (required)` : spec.description,
  );
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default, spec.default);
  if (spec.hidden) option.hideHelp();
  return option;
}

function examplesText(examples: readonly string[] | undefined): string {
  if (!examples?.length) return "";
  const lines = examples.map((line) => (line.startsWith("#") ? `  ${line}` : `  $ ${line}`));
  return `\nExamples:\n${lines.join("\n")}\n`;
}

function argumentOf(spec: ArgumentSpec): Argument {
  const name = `${spec.name}${spec.variadic ? "..." : ""}`;
  const argument = new Argument(spec.required === false ? `[${name}]` : `<${name}>`, spec.description);
  if (spec.choices) argument.choices(spec.choices);
  return argument;
}

function groupCommand(program: Command, noun: string): Command {
  return program.commands.find((c) => c.name() === noun) ?? program.command(noun).helpCommand(false);
}

/** Adds every entry to `program`; groups may come before or after their verbs. */
export function registerCommands(program: Command, entries: readonly RegistryEntry[], run: RunCommand): void {
  for (const entry of entries) {
    if (entry.kind !== "group") continue;
    const group = groupCommand(program, entry.noun)
      .summary(entry.summary)
      .description(entry.description ?? entry.summary);
    if (entry.aliases) group.aliases(entry.aliases);
    const examples = examplesText(entry.examples);
    if (examples) group.addHelpText("after", examples);
  }
  for (const entry of entries) {
    if (entry.kind !== "command") continue;
    const parent = entry.verb === undefined ? program : groupCommand(program, entry.noun);
    const command = parent.command(entry.verb ?? entry.noun, entry.hidden ? { hidden: true } : {});
    command.summary(entry.summary).description(entry.description ?? entry.summary);
    if (entry.aliases) command.aliases(entry.aliases);
    for (const spec of entry.args ?? []) command.addArgument(argumentOf(spec));
    for (const [key, spec] of Object.entries(entry.flags ?? {})) command.addOption(optionOf(key, spec));
    const examples = examplesText(entry.examples);
    if (examples) command.addHelpText("after", examples);
    command.action(async (...actionArgs: unknown[]) => {
      const leaf = actionArgs[actionArgs.length - 1] as Command;
      const values: Record<string, unknown> = { ...leaf.opts() };
      leaf.registeredArguments.forEach((argument, index) => {
        values[argumentKey(argument.name())] = leaf.processedArgs[index];
      });
      await run(entry, { values, command: leaf });
    });
  }
}
