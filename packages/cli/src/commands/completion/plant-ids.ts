/**
 * What every completion script needs to know to offer plant ids in the right place: which
 * positional argument of a command is a plant id, which flags take one, and which flags take a value
 * at all (so a flag's value is not counted as an argument).
 */

import { type CommandNode, commandPaths } from "../../registry/tree.ts";

/** The flag whose value is a plant id (alert rules). */
export const PLANT_ID_FLAG = "--plant-id";

/** Every spelling of a flag that takes a value, anywhere in the tree (`-o`, `--output`, `--file`, ...). */
export function valueFlagNames(root: CommandNode): string[] {
  const names = new Set<string>();
  for (const { node } of commandPaths(root)) {
    for (const flag of node.flags) if (flag.takesValue) for (const name of flag.names) names.add(name);
  }
  return [...names].sort();
}

/** The commands with a `plant-id` argument, by its position among their arguments (0 = first). */
export function plantIdPositions(root: CommandNode): Map<number, string[][]> {
  const positions = new Map<number, string[][]>();
  for (const { path, node } of commandPaths(root)) {
    const index = node.argumentNames?.indexOf("plant-id") ?? -1;
    if (index >= 0) positions.set(index, [...(positions.get(index) ?? []), path]);
  }
  return positions;
}

/** Commands with a `--plant-id <id>` flag. */
export function plantIdFlagPaths(root: CommandNode): string[][] {
  return commandPaths(root)
    .filter(({ node }) => node.flags.some((flag) => flag.takesValue && flag.names.includes(PLANT_ID_FLAG)))
    .map(({ path }) => path);
}
