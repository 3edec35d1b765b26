/** Generates the bash completion script from the command tree. */

import { type CommandNode, commandPaths } from "../../registry/tree.ts";
import { singleQuoted } from "./quote.ts";
import type { CompletionExtras } from "./script.ts";

/**
 * A `complete -F` function: it walks the words typed so far to find the command path, then offers
 * that command's subcommands and flags, or the choices of the flag just typed.
 */
export function bashScript(root: CommandNode, extras: CompletionExtras = { helpTopics: [] }): string {
  const paths = commandPaths(root);
  const fileFlags = (kind: "file" | "dir") => {
    const patterns = paths.flatMap(({ path, node }) =>
      node.flags
        .filter((flag) => flag.valueKind === kind)
        .flatMap((flag) => flag.names.map((name) => singleQuoted(`${path.join(" ")}|${name}`))),
    );
    return patterns.length > 0 ? patterns.join("|") : "'|--no-such-flag'";
  };
  const plantIdPaths = paths
    .filter(({ node }) => node.argumentNames?.includes("plant-id"))
    .map(({ path }) => singleQuoted(path.join(" ")));
  const globalFlags = root.flags;
  const known = paths.filter((p) => p.path.length > 0).map((p) => singleQuoted(p.path.join(" ")));
  const wordCases = paths.map(({ path, node }) => {
    const words = [
      ...node.subcommands.flatMap((sub) => [sub.name, ...sub.aliases]),
      ...node.argumentChoices,
      ...(path.length === 1 && path[0] === "help"
        ? [...extras.helpTopics, ...root.subcommands.map((sub) => sub.name)]
        : []),
      ...node.flags.flatMap((flag) => flag.names),
      ...(path.length > 0 ? globalFlags.flatMap((flag) => flag.names) : []),
    ];
    return `    ${singleQuoted(path.join(" "))}) words=${singleQuoted(words.join(" "))} ;;`;
  });
  const choiceCases: string[] = [];
  for (const { path, node } of paths) {
    if (path.length === 0) continue; // the root's flags are global: matched below on any path
    for (const flag of node.flags.filter((f) => f.choices.length > 0)) {
      const patterns = flag.names.map((name) => singleQuoted(`${path.join(" ")}|${name}`)).join("|");
      choiceCases.push(`    ${patterns}) words=${singleQuoted(flag.choices.join(" "))} ;;`);
    }
  }
  for (const flag of globalFlags.filter((f) => f.choices.length > 0)) {
    const patterns = flag.names.map((name) => `*'|${name}'`).join("|");
    choiceCases.push(`    ${patterns}) words=${singleQuoted(flag.choices.join(" "))} ;;`);
  }
  return `# bash completion for voke. Load it with:  source <(voke completion bash)
# or save it:  voke completion bash > ~/.local/share/bash-completion/completions/voke
_voke_completion() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # bash splits --flag=value at "=": complete the value for the flag before it.
  if [ "$cur" = "=" ]; then
    cur=""
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    prev="\${COMP_WORDS[COMP_CWORD-2]}"
  fi
  local cmdpath="" word candidate words="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      ${known.join("|")}) cmdpath="$candidate" ;;
    esac
  done
  case "$cmdpath|$prev" in
    ${fileFlags("file")}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${fileFlags("dir")}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
${choiceCases.join("\n")}
  esac
  if [ -z "$words" ]; then
    case "$cmdpath" in
${wordCases.join("\n")}
    esac
    # Plant ids come from the API (voke caches them for a minute); flags once "-" is typed.
    case "$cmdpath" in
      ${plantIdPaths.length > 0 ? plantIdPaths.join("|") : "'--none--'"})
        case "$cur" in -*) ;; *) words="$("\${COMP_WORDS[0]}" __complete plant-ids 2>/dev/null)" ;; esac ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _voke_completion voke
`;
}
