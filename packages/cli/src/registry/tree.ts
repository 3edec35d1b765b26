/** A plain description of the command tree (names, flags, choices), read from commander for completion. */

import type { Command } from "commander";

export interface FlagNode {
  /** `-o`, `--output`. */
  names: string[];
  description: string;
  /** The flag takes a value (`--output <format>`). */
  takesValue: boolean;
  choices: string[];
  /** The value is a path: `<file>` flags complete file names, `<dir>` flags directories. */
  valueKind?: "file" | "dir";
}

export interface CommandNode {
  name: string;
  aliases: string[];
  summary: string;
  flags: FlagNode[];
  /** Allowed values of the positional arguments (`completion <shell>`: bash, zsh, fish). */
  argumentChoices: string[];
  /** Names of the positional arguments (`plant-id`): completion offers plant ids for `plant-id`. */
  argumentNames?: string[];
  subcommands: CommandNode[];
}

/** `<file>`, `<path>` → file; `<dir>` → dir; from the value's name in the flag's syntax. */
function valueKindOf(flags: string): FlagNode["valueKind"] {
  const value = /<([^>]+)>|\[([^\]]+)\]/.exec(flags);
  const name = (value?.[1] ?? value?.[2] ?? "").replace(/\.\.\.$/, "");
  if (/^(dir|directory)$/.test(name)) return "dir";
  if (/^(file|path)$/.test(name)) return "file";
  return undefined;
}

/** Describes `command` and everything under it; hidden flags and commands are left out. */
export function describeCommands(command: Command): CommandNode {
  const flags: FlagNode[] = command.options
    .filter((option) => !option.hidden)
    .map((option) => {
      const valueKind = valueKindOf(option.flags);
      return {
        names: [option.short, option.long].filter((name): name is string => name !== undefined),
        // As help shows it: a default the parser applies is part of what the flag means.
        description:
          option.defaultValueDescription === undefined
            ? option.description
            : `${option.description} (default: ${option.defaultValueDescription})`,
        takesValue: option.required || option.optional,
        choices: [...(option.argChoices ?? [])],
        ...(valueKind ? { valueKind } : {}),
      };
    });
  return {
    name: command.name(),
    aliases: command.aliases(),
    summary: command.summary() || command.description(),
    flags,
    argumentChoices: command.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
    argumentNames: command.registeredArguments.map((argument) => argument.name()),
    subcommands: command.commands
      .filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden)
      .map(describeCommands),
  };
}

/** Every command path under the root (`["plants"], ["plants", "list"]`, aliases included), with its node. */
export function commandPaths(root: CommandNode): { path: string[]; node: CommandNode }[] {
  const found: { path: string[]; node: CommandNode }[] = [{ path: [], node: root }];
  const walk = (node: CommandNode, prefix: string[]) => {
    for (const sub of node.subcommands) {
      for (const name of [sub.name, ...sub.aliases]) {
        found.push({ path: [...prefix, name], node: sub });
        walk(sub, [...prefix, name]);
      }
    }
  };
  walk(root, []);
  return found;
}
