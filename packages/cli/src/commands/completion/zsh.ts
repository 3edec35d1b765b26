/** Generates the zsh completion script (with descriptions) from the command tree. */

import { type CommandNode, commandPaths } from "../../registry/tree.ts";
import { PLANT_ID_FLAG, plantIdFlagPaths, plantIdPositions, valueFlagNames } from "./plant-ids.ts";
import { singleQuoted } from "./quote.ts";
import type { CompletionExtras } from "./script.ts";

const described = (name: string, description: string) =>
  singleQuoted(`${name.replaceAll(":", "\\:")}:${description}`);

/** A `compdef` function: finds the command path typed so far and offers its verbs and flags. */
export function zshScript(root: CommandNode, extras: CompletionExtras = { helpTopics: [] }): string {
  const paths = commandPaths(root);
  const pathCases: string[] = [];
  for (const { path, node } of paths) {
    for (const flag of node.flags.filter((f) => f.valueKind)) {
      const patterns = flag.names.map((name) => singleQuoted(`${path.join(" ")}|${name}`)).join("|");
      pathCases.push(`    ${patterns}) _files${flag.valueKind === "dir" ? " -/" : ""}; return ;;`);
    }
  }
  const plantIdCases = [...plantIdPositions(root)].map(
    ([index, at]) => `    ${at.map((path) => singleQuoted(path.join(" "))).join("|")}) index=${index} ;;`,
  );
  for (const path of plantIdFlagPaths(root)) {
    pathCases.push(`    ${singleQuoted(`${path.join(" ")}|${PLANT_ID_FLAG}`)}) _voke_plant_ids; return ;;`);
  }
  const valueFlags = valueFlagNames(root).join(" ");
  const known = paths.filter((p) => p.path.length > 0).map((p) => singleQuoted(p.path.join(" ")));
  const candidateCases = paths.map(({ path, node }) => {
    const flags = [...node.flags, ...(path.length > 0 ? root.flags : [])];
    const entries = [
      ...node.subcommands.flatMap((sub) =>
        [sub.name, ...sub.aliases].map((name) => described(name, sub.summary)),
      ),
      ...node.argumentChoices.map((choice) => described(choice, choice)),
      // `voke help` takes a topic or a command, as bash offers them.
      ...(path.length === 1 && path[0] === "help"
        ? [
            ...extras.helpTopics.map((topic) => described(topic, "help topic")),
            ...root.subcommands
              .filter((sub) => sub.name !== "help")
              .map((sub) => described(sub.name, sub.summary)),
          ]
        : []),
      ...flags.flatMap((flag) => flag.names.map((name) => described(name, flag.description))),
    ];
    return `    ${singleQuoted(path.join(" "))}) candidates=(${entries.join(" ")}) ;;`;
  });
  const choiceCases: string[] = [];
  for (const { path, node } of paths) {
    if (path.length === 0) continue; // the root's flags are global: matched below on any path
    for (const flag of node.flags.filter((f) => f.choices.length > 0)) {
      const patterns = flag.names.map((name) => singleQuoted(`${path.join(" ")}|${name}`)).join("|");
      choiceCases.push(`    ${patterns}) compadd -- ${flag.choices.map(singleQuoted).join(" ")}; return ;;`);
    }
  }
  for (const flag of root.flags.filter((f) => f.choices.length > 0)) {
    const patterns = flag.names.map((name) => `*'|${name}'`).join("|");
    choiceCases.push(`    ${patterns}) compadd -- ${flag.choices.map(singleQuoted).join(" ")}; return ;;`);
  }
  return `#compdef voke
# zsh completion for voke. Load it with:  source <(voke completion zsh)
# or save it as _voke in a directory on $fpath.
_voke_plant_ids() {
  compadd -- \${(f)"$(\${words[1]} __complete plant-ids 2>/dev/null)"}
}
_voke() {
  # The command path typed so far, and how many arguments follow it (a flag's value is neither).
  local cmdpath="" word candidate i nargs=0 value="" index=""
  local -a candidates
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ -n "$value" ]]; then value=""; continue; fi
    if [[ "$word" == -* ]]; then
      [[ "$word" != *=* && " ${valueFlags} " == *" $word "* ]] && value=1
      continue
    fi
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      ${known.join("|")}) cmdpath="$candidate" ;;
      *) (( nargs++ )) ;;
    esac
  done
  local flag="\${words[CURRENT-1]}"
  if [[ "\${words[CURRENT]}" == --*=* ]]; then
    # --flag=value: the value is completed after the "=".
    flag="\${words[CURRENT]%%=*}"
    compset -P '*='
  fi
  case "$cmdpath|$flag" in
${pathCases.join("\n")}
${choiceCases.join("\n")}
  esac
  # Any other flag's value is free text.
  [[ "\${words[CURRENT]}" == --*=* || " ${valueFlags} " == *" $flag "* ]] && return 1
  # Plant ids come from the API (voke caches them for a minute), where the command takes one.
  case "$cmdpath" in
${plantIdCases.join("\n")}
  esac
  [[ "$index" == "$nargs" && "\${words[CURRENT]}" != -* ]] && _voke_plant_ids
  case "$cmdpath" in
${candidateCases.join("\n")}
  esac
  _describe -t commands 'voke' candidates
}
if [ "$funcstack[1]" = "_voke" ]; then
  _voke "$@"
else
  compdef _voke voke
fi
`;
}
