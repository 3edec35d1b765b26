/**
 * Declarative command registration: each command is a `defineCommand({...})` entry that main turns
 * into a commander command. The verb's module (flags schema + `run`) loads only when it runs.
 */

import type { CommandDeps } from "../factory.ts";

/** A positional argument, e.g. `{ name: "plant-id", description: "the plant's id" }` → `<plant-id>`. */
export interface ArgumentSpec {
  name: string;
  description: string;
  /** Default true. */
  required?: boolean;
  /** Takes the rest of the arguments as a list. */
  variadic?: boolean;
  /** Allowed values, checked by the parser and offered by shell completion. */
  choices?: readonly string[];
}

/** A flag in commander syntax, e.g. `{ flags: "-n, --name <name>", description: "..." }`. */
export interface OptionSpec {
  flags: string;
  description: string;
  /** Allowed values, checked by the parser (exit 2) and offered by shell completion. */
  choices?: readonly string[];
  /** A default shown in help and passed to the schema when the flag is absent. */
  default?: string | boolean | readonly string[];
  hidden?: boolean;
}

/** A zod (or zod/mini) object schema for the verb's flags and arguments, or anything shaped alike. */
export interface FlagSchema<O> {
  safeParse(
    input: unknown,
  ): { success: true; data: O } | { success: false; error: { issues: readonly FlagIssue[] } };
}

/** A validation issue as zod reports it. */
export interface FlagIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
}

/**
 * What a verb's module (`src/commands/<noun>/<verb>.ts`) exports. `flags` validates the parsed flags
 * and arguments (keys: camelCase flag names and argument names) into `Options` before `run`.
 */
export interface CommandModule<O> {
  flags?: FlagSchema<O>;
  run(opts: O, deps: CommandDeps): Promise<void>;
}

export interface CommandDefinition<O = never> {
  /** `plants` in `voke plants list`; a top-level command (`login`) has only a noun. */
  noun: string;
  verb?: string;
  aliases?: readonly string[];
  /** One line, lower case, shown in the command list. */
  summary: string;
  /** Longer help text, shown above the flags. */
  description?: string;
  /** Example invocations shown under the flags; lines starting with `#` are comments. */
  examples?: readonly string[];
  args?: readonly ArgumentSpec[];
  options?: readonly OptionSpec[];
  /** Left out of help and completion (`voke __complete`, which completion scripts call). */
  hidden?: boolean;
  /** Loads the verb: `() => import("./list.ts")`. */
  load: () => Promise<CommandModule<O>>;
}

/** A noun's help: `voke plants --help` shows this above its verbs. */
export interface GroupDefinition {
  noun: string;
  summary: string;
  description?: string;
  examples?: readonly string[];
  aliases?: readonly string[];
}

/** Registry entries are type-erased; `defineCommand` checks each one against its module. */
export type AnyCommandDefinition = CommandDefinition<never> & { readonly kind: "command" };
export type AnyGroupDefinition = GroupDefinition & { readonly kind: "group" };
export type RegistryEntry = AnyCommandDefinition | AnyGroupDefinition;

/**
 * Declares one verb. The module's `run(opts)` and `flags` must agree on `Options`.
 *
 * ```ts
 * defineCommand({
 *   noun: "plants", verb: "list", summary: "list plants",
 *   examples: ["voke plants list --status ACTIVE -o json"],
 *   options: [...listOptions, { flags: "--status <status>", description: "filter", choices: STATUSES }],
 *   load: () => import("./list.ts"),
 * })
 * ```
 */
export function defineCommand<O>(definition: CommandDefinition<O>): AnyCommandDefinition {
  return { ...(definition as unknown as CommandDefinition<never>), kind: "command" };
}

/** Declares a noun (its summary and help); verbs name it in `noun`. */
export function defineGroup(definition: GroupDefinition): AnyGroupDefinition {
  return { ...definition, kind: "group" };
}
