/**
 * Picks the registry entries one command line needs, so `voke plants list` builds only that verb
 * of the program instead of every command (a few milliseconds of each run).
 */

import type { RegistryEntry } from "./define.ts";

/** A global flag as the parser knows it: its spellings, and whether a value follows it. */
export interface GlobalFlag {
  names: readonly string[];
  /** `required`: the next word is its value; `optional`: it may be; `none`: a switch. */
  value: "required" | "optional" | "none";
}

/**
 * The command words of a line, as commander's root reads them: the words that are neither global
 * flags nor their values, up to the first word it would hand on unread (an unknown flag, `--`) or a
 * flag whose optional value makes the reading ambiguous.
 */
export function commandWords(argv: readonly string[], flags: readonly GlobalFlag[]): string[] {
  const byName = new Map<string, GlobalFlag>();
  for (const flag of flags) for (const name of flag.names) byName.set(name, flag);
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (!arg.startsWith("-")) {
      words.push(arg);
      continue;
    }
    if (arg === "--") break;
    const inline = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = byName.get(inline === -1 ? arg : arg.slice(0, inline));
    if (flag === undefined || flag.value === "optional") break;
    if (flag.value === "required" && inline === -1) index++;
  }
  return words;
}

/** Whether `word` is `name` or one of its aliases. */
function spells(word: string, name: string, aliases: readonly string[] | undefined): boolean {
  return word === name || (aliases?.includes(word) ?? false);
}

/**
 * The entries the line names: a known noun's group with only the named verb (`plants list` or
 * `plants ls`), or with all its verbs when the next word is none of them; a top-level command
 * alone. Every entry when the first word is no known noun (`voke`, `voke help ...`, a typo), so
 * the parser then sees the whole program, as it always did.
 */
export function entriesForCommandLine(
  argv: readonly string[],
  entries: readonly RegistryEntry[],
  flags: readonly GlobalFlag[],
): readonly RegistryEntry[] {
  const [first, second] = commandWords(argv, flags);
  if (first === undefined) return entries;
  const named = entries.find(
    (entry) =>
      entry.noun === first ||
      ((entry.kind === "group" || entry.verb === undefined) && spells(first, entry.noun, entry.aliases)),
  );
  if (named === undefined) return entries;
  const noun = entries.filter((entry) => entry.noun === named.noun);
  const verb =
    second === undefined
      ? undefined
      : noun.find(
          (entry) =>
            entry.kind === "command" && entry.verb !== undefined && spells(second, entry.verb, entry.aliases),
        );
  if (verb === undefined) return noun;
  return noun.filter((entry) => entry.kind === "group" || entry === verb);
}
