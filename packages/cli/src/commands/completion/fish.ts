/** Generates the fish completion script from the command tree. */

import { type CommandNode, commandPaths, type FlagNode } from "../../registry/tree.ts";
import { PLANT_ID_FLAG, valueFlagNames } from "./plant-ids.ts";
import { fishQuoted } from "./quote.ts";
import type { CompletionExtras } from "./script.ts";

function flagSpec(flag: FlagNode): string {
  const parts = flag.names.map((name) =>
    name.startsWith("--") ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`,
  );
  if (flag.takesValue) {
    if (flag.choices.length > 0) parts.push(`-x -a ${fishQuoted(flag.choices.join(" "))}`);
    else if (flag.names.includes(PLANT_ID_FLAG))
      parts.push("-x -a '(voke __complete plant-ids 2>/dev/null)'");
    else if (flag.valueKind === "file") parts.push("-r -F");
    else if (flag.valueKind === "dir") parts.push("-x -a '(__fish_complete_directories)'");
    else parts.push("-r");
  }
  parts.push(`-d ${fishQuoted(flag.description)}`);
  return parts.join(" ");
}

/** `complete` lines conditioned on the command path typed so far (found by `__voke_path`). */
export function fishScript(root: CommandNode, extras: CompletionExtras = { helpTopics: [] }): string {
  const paths = commandPaths(root);
  const known = paths.filter((p) => p.path.length > 0).map((p) => fishQuoted(p.path.join(" ")));
  const lines: string[] = [];
  for (const flag of root.flags) lines.push(`complete -c voke ${flagSpec(flag)}`);
  for (const { path, node } of paths) {
    const condition = `-n ${fishQuoted(`__voke_at ${fishQuoted(path.join(" "))}`)}`;
    for (const sub of node.subcommands) {
      for (const name of [sub.name, ...sub.aliases]) {
        lines.push(`complete -c voke ${condition} -a ${fishQuoted(name)} -d ${fishQuoted(sub.summary)}`);
      }
    }
    if (node.argumentChoices.length > 0) {
      lines.push(`complete -c voke ${condition} -a ${fishQuoted(node.argumentChoices.join(" "))}`);
    }
    if (path.length === 1 && path[0] === "help") {
      // `voke help` takes a topic or a command, as bash offers them.
      if (extras.helpTopics.length > 0) {
        lines.push(
          `complete -c voke ${condition} -a ${fishQuoted(extras.helpTopics.join(" "))} -d 'help topic'`,
        );
      }
      for (const sub of root.subcommands.filter((command) => command.name !== "help")) {
        lines.push(`complete -c voke ${condition} -a ${fishQuoted(sub.name)} -d ${fishQuoted(sub.summary)}`);
      }
    }
    const plantId = node.argumentNames?.indexOf("plant-id") ?? -1;
    if (plantId >= 0) {
      // Plant ids come from the API (voke caches them for a minute), where the command takes one.
      const at = `-n ${fishQuoted(`__voke_argument ${fishQuoted(path.join(" "))} ${plantId}`)}`;
      lines.push(`complete -c voke ${at} -a '(voke __complete plant-ids 2>/dev/null)' -d 'plant id'`);
    }
    if (path.length > 0)
      for (const flag of node.flags) lines.push(`complete -c voke ${condition} ${flagSpec(flag)}`);
  }
  return `# fish completion for voke. Load it with:  voke completion fish | source
# or save it:  voke completion fish > ~/.config/fish/completions/voke.fish
# Sets __voke_cmdpath, the command path typed so far, and __voke_nargs, how many arguments follow
# it (a flag's value is neither).
function __voke_walk
  set -g __voke_cmdpath ""
  set -g __voke_nargs 0
  set -l value 0
  for word in (commandline -opc)[2..-1]
    if test $value = 1
      set value 0
      continue
    end
    if string match -q -- '-*' $word
      if not string match -q -- '*=*' $word; and contains -- $word ${valueFlagNames(root).join(" ")}
        set value 1
      end
      continue
    end
    set -l candidate (string trim -- "$__voke_cmdpath $word")
    switch $candidate
      case ${known.join(" ")}
        set __voke_cmdpath $candidate
      case '*'
        set __voke_nargs (math $__voke_nargs + 1)
    end
  end
end
function __voke_path
  __voke_walk
  echo $__voke_cmdpath
end
function __voke_at
  __voke_walk
  test "$__voke_cmdpath" = "$argv[1]"
end
# At command path $argv[1], about to type its argument number $argv[2] (0 = the first).
function __voke_argument
  __voke_walk
  test "$__voke_cmdpath" = "$argv[1]"; and test "$__voke_nargs" = "$argv[2]"
end
complete -c voke -f
${lines.join("\n")}
`;
}
