/**
 * How a verb's flags and arguments are declared, once each, in its noun's registry
 * (`commands/<noun>/index.ts`): commander's option, the help text, the choices, the validator, the
 * `--flag-name` of error messages and the `Options` type of the verb's `run()` are all derived from
 * it. Declarations are plain objects with small parse functions: building them costs nothing at
 * start-up, and nothing runs them until the chosen command validates its input.
 *
 * ```ts
 * export const listInput = commandInput({
 *   flags: { ...pageFlags, authMethod: flag.choice("method", AUTH_METHODS, "only plants with this auth method") },
 * });
 * // list.ts
 * export type Options = OptionsOf<typeof listInput>; // { page?: number; limit?: number; all: boolean; authMethod?: ... }
 * ```
 */

import { type Check, oneOf, yesNo } from "./values.ts";

/**
 * One flag. Its key in the verb's `flags` object is its name: `serialNumber` is `--serial-number`
 * on the command line and `opts.serialNumber` in `run()`.
 */
export interface FlagSpec<T = unknown> {
  readonly description: string;
  /** The value's name in help (`--limit <n>`); a flag without one is a switch. */
  readonly value?: string;
  /** `--enabled [bool]`: the value may be left out (then it is `true`). */
  readonly valueOptional?: boolean;
  /** `--type <type...>`: may be given many times (or with many values); an array, `[]` when absent. */
  readonly repeatable?: boolean;
  /** One letter: `o` is `-o`. */
  readonly short?: string;
  /** Allowed values: checked by the parser, listed in help, offered by shell completion. */
  readonly choices?: readonly string[];
  /** Turns the text after the flag into its value; throws `InvalidValue` with the reason. */
  readonly parse?: Check<unknown>;
  /** Absent is an error (`invalid value for --name: is required`). */
  readonly required?: boolean;
  /** The text used when the flag is absent, parsed like a given one and shown in help. */
  readonly default?: string;
  readonly hidden?: boolean;
  /** `--no-color`: the key is `color`, true unless the flag is given. */
  readonly negatable?: boolean;
  /** Another flag's key that may not be given with this one (`--all` with `--page`). */
  readonly conflicts?: string;
  /** Another flag's key (a switch) this one needs (`--timeout` only with `--wait`). */
  readonly requires?: string;
  /** Type only: the value `run()` receives. */
  readonly "~value"?: () => T;
}

/** A positional argument: `name` is its spelling (`plant-id` → `<plant-id>`, `opts.plantId`). */
export interface ArgumentSpec<Name extends string = string, T = unknown> {
  readonly name: Name;
  readonly description: string;
  /** Default true. */
  readonly required?: boolean;
  /** Takes the rest of the arguments as a list. */
  readonly variadic?: boolean;
  /** Allowed values, checked by the parser and offered by shell completion. */
  readonly choices?: readonly string[];
  /** Turns the argument into its value; throws `InvalidValue` with the reason. */
  readonly parse?: Check<unknown>;
  /** Type only: the value `run()` receives. */
  readonly "~value"?: () => T;
}

/** A verb's flags by key. */
export type FlagSpecs = { readonly [key: string]: FlagSpec };

/** What a verb takes. */
export interface CommandInput {
  readonly args?: readonly ArgumentSpec[];
  readonly flags?: FlagSpecs;
}

/** `plant-id` → `plantId`, the key a value has in `Options`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The value `run()` gets for one flag. */
export type FlagValue<S> = S extends FlagSpec<infer T> ? T : never;

/** The value `run()` gets for one argument; an argument declared without a parser is text. */
export type ArgumentValue<S> =
  S extends ArgumentSpec<string, infer T>
    ? unknown extends T
      ? S extends { readonly choices: readonly (infer C)[] }
        ? C
        : S extends { readonly variadic: true }
          ? string[]
          : S extends { readonly required: false }
            ? string | undefined
            : string
      : T
    : never;

type FlagValues<F> = {
  -readonly [K in keyof F as undefined extends FlagValue<F[K]> ? K : never]?: FlagValue<F[K]>;
} & { -readonly [K in keyof F as undefined extends FlagValue<F[K]> ? never : K]: FlagValue<F[K]> };

type ArgumentValues<A> = A extends readonly ArgumentSpec[]
  ? { [S in A[number] as CamelCase<S["name"]>]: ArgumentValue<S> }
  : unknown;

/** The `Options` a verb's `run()` receives: one key per declared flag and argument. */
export type OptionsOf<I extends CommandInput> = Simplify<
  (I extends { readonly flags: infer F } ? FlagValues<F> : unknown) & ArgumentValues<I["args"]>
>;

/** Keeps the literal types of a verb's declaration (argument names, choices) for `OptionsOf`. */
export function commandInput<const I extends CommandInput>(input: I): I {
  return input;
}

/** `serialNumber` → `--serial-number`: how a flag key is spelled on the command line. */
export function spelling(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** `plant-id` → `plantId`. */
export function argumentKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The flag's syntax as commander and help show it: `-o, --output <format>`, `--no-color`. */
export function optionSyntax(key: string, spec: FlagSpec): string {
  const long = spec.negatable ? `--no-${spelling(key).slice(2)}` : spelling(key);
  const names = spec.short ? `-${spec.short}, ${long}` : long;
  if (spec.value === undefined) return names;
  const value = `${spec.value}${spec.repeatable ? "..." : ""}`;
  return `${names} ${spec.valueOptional ? `[${value}]` : `<${value}>`}`;
}

/** Flags, by kind of value. Each returns a plain declaration; spread it to add `short`, `hidden`... */
export const flag = {
  /** `--stdout`: true when given, else false. */
  switch(description: string): FlagSpec<boolean> {
    return { description };
  },
  /** `--name <name>`: text, checked by `parse` when given. */
  text(value: string, description: string, parse?: Check<string>): FlagSpec<string | undefined> {
    return parse ? { value, description, parse } : { value, description };
  },
  /** A value parsed from its text: `flag.parsed("duration", "...", duration())`. */
  parsed<T>(value: string, description: string, parse: Check<T>): FlagSpec<T | undefined> {
    return { value, description, parse };
  },
  /** One of a fixed list: `flag.choice("type", PLANT_TYPES, "plant type")`. */
  choice<const C extends readonly string[]>(
    value: string,
    choices: C,
    description: string,
  ): FlagSpec<C[number] | undefined> {
    return { value, description, choices, parse: oneOf(choices) };
  },
  /** `--metric <name...>`: any number of values, `[]` when absent. */
  list<T = string>(value: string, description: string, parse?: Check<T>): FlagSpec<T[]> {
    return parse ? { value, description, repeatable: true, parse } : { value, description, repeatable: true };
  },
  /** `--type <type...>` from a fixed list. */
  choices<const C extends readonly string[]>(
    value: string,
    choices: C,
    description: string,
  ): FlagSpec<C[number][]> {
    return { value, description, repeatable: true, choices, parse: oneOf(choices) };
  },
  /** `--enabled [bool]`: true alone, or `--enabled false` (no/off/0); undefined when absent. */
  boolean(value: string, description: string): FlagSpec<boolean | undefined> {
    return { value, description, valueOptional: true, parse: yesNo };
  },
};

/** The flag must be given: its value is never undefined. */
export function required<T>(spec: FlagSpec<T>): FlagSpec<Exclude<T, undefined>> {
  return { ...spec, required: true } as FlagSpec<Exclude<T, undefined>>;
}

/** Without the flag, `text` is parsed as if given (`withDefault(flag.int(...), "8")`); help shows it. */
export function withDefault<T>(spec: FlagSpec<T>, text: string): FlagSpec<Exclude<T, undefined>> {
  return { ...spec, default: text } as FlagSpec<Exclude<T, undefined>>;
}

/** Arguments, by kind of value. */
export const arg = {
  /** Any text. */
  text<const N extends string>(name: N, description: string, parse?: Check<string>): ArgumentSpec<N, string> {
    return parse ? { name, description, parse } : { name, description };
  },
  /** A value parsed from its text, e.g. a UUID. */
  parsed<const N extends string, T>(name: N, description: string, parse: Check<T>): ArgumentSpec<N, T> {
    return { name, description, parse };
  },
  /** One of a fixed list. */
  choice<const N extends string, const C extends readonly string[]>(
    name: N,
    choices: C,
    description: string,
  ): ArgumentSpec<N, C[number]> {
    return { name, description, choices, parse: oneOf(choices) };
  },
  /** The rest of the arguments, none or more, each parsed: `[plant-id...]`. */
  rest<const N extends string, T>(name: N, description: string, parse: Check<T>): ArgumentSpec<N, T[]> {
    return { name, description, required: false, variadic: true, parse };
  },
};
