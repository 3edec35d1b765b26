/**
 * Asks real shells what they would complete: bash runs the script's completion function as its
 * programmable completion does, zsh completes on a pseudo-terminal (its `zpty` module) with Tab
 * bound to a widget that prints every match, fish answers `complete -C`. Each call starts one shell
 * for many command lines, so a test stays fast.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where and with what the shells run. */
export interface ShellContext {
  /** The completion script `voke completion <shell>` printed, as a file. */
  script: string;
  cwd: string;
  env: Record<string, string>;
}

/** One command line's matches, in the order the shell gave them. */
export type Matches = string[][];

const TIMEOUT_MS = 20_000;
const LINE = "<<voke-line>>";
const MATCH = "<<voke-match>>";

/** Splits a shell's output into one list per command line (after each `LINE` marker). */
function perLine(output: string, count: number, match: (text: string) => string | undefined): Matches {
  const result: Matches = [];
  for (const text of output.replaceAll("\r", "").split("\n")) {
    if (text.includes(LINE)) result.push([]);
    else {
      const value = match(text);
      if (value !== undefined && value !== "") result[result.length - 1]?.push(value);
    }
  }
  if (result.length !== count) throw new Error(`expected ${count} answers, got ${result.length}:\n${output}`);
  return result;
}

/**
 * bash: COMP_WORDS as readline splits a line (words, and "=" on its own, as COMP_WORDBREAKS has it);
 * the last word is the one being completed.
 */
export function completeInBash(context: ShellContext, lines: readonly (readonly string[])[]): Matches {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const calls = lines.map(
    (words) =>
      `echo '${LINE}'; COMP_WORDS=(${words.map(quote).join(" ")}); COMP_CWORD=${words.length - 1}; ` +
      `COMPREPLY=(); _voke_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
  );
  const output = execFileSync(
    "bash",
    ["--norc", "--noprofile", "-c", `source ${quote(context.script)}\n${calls.join("\n")}`],
    {
      cwd: context.cwd,
      env: context.env,
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    },
  );
  return perLine(output, lines.length, (text) => text);
}

/**
 * Runs inside an interactive zsh on the pseudo-terminal: completion as a user has it (compinit),
 * voke's script, and `compadd` wrapped so every match it adds is also printed after a marker.
 */
const ZSH_SESSION = `
PS1='' RPROMPT=''
unsetopt beep
autoload -Uz compinit
compinit -u -D
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' menu no
source "$VOKE_COMPLETION_SCRIPT"
compadd() {
  # Calls that only fill an array (-O, -A, -D) are the completion system asking, not adding.
  if (( \${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
  local -a found
  builtin compadd -O found "$@"
  local match
  for match in $found; do print -r -- "${MATCH}$match"; done
  builtin compadd "$@"
}
_voke_test_complete() {
  zle complete-word
  print -r -- '<<voke-done>>'
}
zle -N _voke_test_complete
bindkey '^I' _voke_test_complete
print -r -- '<<voke-ready>>'
`;

/** Drives the session: types each line and a Tab, collects the output, clears the line (Ctrl-U). */
const ZSH_DRIVER = `
zmodload zsh/zpty
zpty session zsh -f -i
zpty -w session "source \${(q)VOKE_ZSH_SESSION}"
local out
zpty -r -m session out '*<<voke-ready>>*' || exit 3
for line in "$@"; do
  print -r -- '${LINE}'
  zpty -w -n session "$line"$'\\t'
  zpty -r -m session out '*<<voke-done>>*' || exit 4
  print -r -- "$out"
  zpty -w -n session $'\\C-u'
done
zpty -d session
`;

/** zsh: the matches zsh's completion system adds for each command line (typed, then Tab). */
export function completeInZsh(context: ShellContext, lines: readonly string[]): Matches {
  const dir = mkdtempSync(join(tmpdir(), "voke-zsh-"));
  const session = join(dir, "session.zsh");
  const driver = join(dir, "driver.zsh");
  writeFileSync(session, ZSH_SESSION);
  writeFileSync(driver, ZSH_DRIVER);
  const output = execFileSync("zsh", ["-f", driver, ...lines], {
    cwd: context.cwd,
    env: { ...context.env, TERM: "xterm", VOKE_ZSH_SESSION: session, VOKE_COMPLETION_SCRIPT: context.script },
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  // zsh may offer one match under two tags (a directory as a file and as a directory): once is enough.
  return perLine(output, lines.length, (text) => text.split(MATCH)[1]).map((matches) => [
    ...new Set(matches),
  ]);
}

/** fish: `complete -C` for each command line; descriptions (after a tab) are dropped. */
export function completeInFish(context: ShellContext, lines: readonly string[]): Matches {
  const output = execFileSync(
    "fish",
    [
      "--no-config",
      "-c",
      `source $argv[1]; for line in $argv[2..]; echo '${LINE}'; complete -C $line; end`,
      context.script,
      ...lines,
    ],
    { cwd: context.cwd, env: context.env, encoding: "utf8", timeout: TIMEOUT_MS },
  );
  return perLine(output, lines.length, (text) => text.split("\t")[0]);
}
