/** `voke completion bash|zsh|fish`: prints a completion script generated from the command tree. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { helpTopics } from "../../help/topics.ts";
import { bashScript } from "./bash.ts";
import { fishScript } from "./fish.ts";
import type { scriptInput } from "./index.ts";
import { zshScript } from "./zsh.ts";

export type Options = OptionsOf<typeof scriptInput>;

const generators = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** What the scripts complete beyond the command tree. */
export interface CompletionExtras {
  /** `voke help <topic>`. */
  helpTopics: readonly string[];
}

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  deps.printer.text(generators[opts.shell](deps.commandTree(), { helpTopics: Object.keys(helpTopics) }));
}
