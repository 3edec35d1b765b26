/**
 * Declarative command registration: each command is a `defineCommand({...})` entry that main turns
 * into a commander command. The verb's module (`run`) loads only when it runs.
 */

import type { CommandDeps } from "../factory.ts";
import type { ArgumentSpec, FlagSpec, FlagSpecs, OptionsOf } from "../flags/declare.ts";

/**
 * What a verb's module (`src/commands/<noun>/<verb>.ts`) exports: `run`, which receives the verb's
 * flags and arguments already checked against their declarations, as `OptionsOf<typeof xInput>`.
 */
export interface CommandModule<O> {
  // A property, not a method: its parameter is then checked strictly (a method's would be bivariant).
  run: (opts: O, deps: CommandDeps) => Promise<void>;
}

export interface CommandDefinition<
  F extends FlagSpecs = FlagSpecs,
  A extends readonly ArgumentSpec[] = readonly ArgumentSpec[],
> {
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
  /** Positional arguments, in order (see `flags/declare.ts`). */
  args?: A;
  /** The verb's flags, by key: `serialNumber` is `--serial-number` (see `flags/declare.ts`). */
  flags?: F;
  /** Left out of help and completion (`voke __complete`, which completion scripts call). */
  hidden?: boolean;
  /** Loads the verb: `() => import("./list.ts")`. */
  load: () => Promise<CommandModule<OptionsOf<{ flags: F; args: A }>>>;
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
export type AnyCommandDefinition = Omit<CommandDefinition, "load"> & {
  readonly kind: "command";
  load: () => Promise<CommandModule<never>>;
};
export type AnyGroupDefinition = GroupDefinition & { readonly kind: "group" };
export type RegistryEntry = AnyCommandDefinition | AnyGroupDefinition;

/**
 * Declares one verb: its words and help, what it takes (declared once, see `flags/declare.ts`), and
 * how to load it. The module's `run(opts)` must accept what the declarations give.
 *
 * ```ts
 * export const listInput = commandInput({ flags: { ...pageFlags, status: flag.choice("status", STATUSES, "filter") } });
 * defineCommand({
 *   noun: "plants", verb: "list", summary: "list plants",
 *   examples: ["voke plants list --status ACTIVE -o json"],
 *   ...listInput,
 *   load: () => import("./list.ts"), // export type Options = OptionsOf<typeof listInput>
 * })
 * ```
 */
export function defineCommand<
  const F extends FlagSpecs = Record<never, FlagSpec>,
  const A extends readonly ArgumentSpec[] = readonly [],
>(definition: CommandDefinition<F, A>): AnyCommandDefinition {
  return { ...(definition as unknown as AnyCommandDefinition), kind: "command" };
}

/** Declares a noun (its summary and help); verbs name it in `noun`. */
export function defineGroup(definition: GroupDefinition): AnyGroupDefinition {
  return { ...definition, kind: "group" };
}
