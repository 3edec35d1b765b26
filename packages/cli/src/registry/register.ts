/** Turns registry entries into commander commands: names, flags, help with examples, lazy actions. */

import { Argument, type Command, Option } from "commander";
import type { FlagNames } from "../flags/issues.ts";
import type { AnyCommandDefinition, ArgumentSpec, RegistryEntry } from "./define.ts";

/** What an action hands to main: the raw flag and argument values, keyed as the schema expects. */
export interface ParsedInvocation {
  /** camelCase flag names and argument names → values as commander parsed them (strings, booleans). */
  values: Record<string, unknown>;
  /** How each key is spelled on the command line, for error messages. */
  names: FlagNames;
  command: Command;
}

export type RunCommand = (definition: AnyCommandDefinition, invocation: ParsedInvocation) => Promise<void>;

/** `plant-id` → `plantId`, the key a verb's schema uses for an argument. */
export function argumentKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
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
    for (const spec of entry.options ?? []) {
      const option = new Option(spec.flags, spec.description);
      if (spec.choices) option.choices(spec.choices);
      if (spec.default !== undefined) option.default(spec.default);
      if (spec.hidden) option.hideHelp();
      command.addOption(option);
    }
    const examples = examplesText(entry.examples);
    if (examples) command.addHelpText("after", examples);
    command.action(async (...actionArgs: unknown[]) => {
      const leaf = actionArgs[actionArgs.length - 1] as Command;
      const values: Record<string, unknown> = { ...leaf.opts() };
      const names = new Map<string, string>();
      for (const option of leaf.options)
        names.set(option.attributeName(), option.long ?? option.short ?? option.flags);
      leaf.registeredArguments.forEach((argument, index) => {
        const key = argumentKey(argument.name());
        values[key] = leaf.processedArgs[index];
        names.set(key, `<${argument.name()}>`);
      });
      await run(entry, { values, names, command: leaf });
    });
  }
}
