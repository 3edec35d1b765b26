/** Generates the bash completion script from the command tree. */

import { type CommandNode, commandPaths } from "../../registry/tree.ts";
import { PLANT_ID_FLAG, plantIdFlagPaths, plantIdPositions, valueFlagNames } from "./plant-ids.ts";
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
  // For each position of a plant-id argument, the commands that have it there.
  const plantIdCases = [...plantIdPositions(root)].map(
    ([index, at]) => `      ${at.map((path) => singleQuoted(path.join(" "))).join("|")}) index=${index} ;;`,
  );
  const plantIdFlagPatterns = plantIdFlagPaths(root).map((path) =>
    singleQuoted(`${path.join(" ")}|${PLANT_ID_FLAG}`),
  );
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
  # The command path typed so far, and how many arguments follow it (a flag's value is neither).
  local cmdpath="" word candidate words="" i nargs=0 value=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [ "$word" = "=" ] && continue
    if [ -n "$value" ]; then value=""; continue; fi
    case "$word" in
      -*) case " ${valueFlagNames(root).join(" ")} " in *" $word "*) value=1 ;; esac; continue ;;
    esac
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      ${known.join("|")}) cmdpath="$candidate" ;;
      *) nargs=$((nargs + 1)) ;;
    esac
  done
  case "$cmdpath|$prev" in
    ${fileFlags("file")}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${fileFlags("dir")}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
${choiceCases.join("\n")}
    ${plantIdFlagPatterns.length > 0 ? plantIdFlagPatterns.join("|") : "'|--no-such-flag'"})
      words="$("\${COMP_WORDS[0]}" __complete plant-ids 2>/dev/null)"; [ -n "$words" ] || return ;;
  esac
  if [ -z "$words" ]; then
    case "$cmdpath" in
${wordCases.join("\n")}
    esac
    # Plant ids come from the API (voke caches them for a minute), where the command takes one;
    # flags once "-" is typed.
    local index=""
    case "$cmdpath" in
${plantIdCases.join("\n")}
    esac
    if [ "$index" = "$nargs" ]; then
      case "$cur" in -*) ;; *) words="$("\${COMP_WORDS[0]}" __complete plant-ids 2>/dev/null)" ;; esac
    fi
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _voke_completion voke
`;
}
