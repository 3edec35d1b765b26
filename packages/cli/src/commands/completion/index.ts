/** Registry entry for `voke completion bash|zsh|fish`. */

import { arg, commandInput } from "../../flags/declare.ts";
import { defineCommand } from "../../registry/define.ts";

const SHELLS = ["bash", "zsh", "fish"] as const;
export const scriptInput = commandInput({ args: [arg.choice("shell", SHELLS, "bash, zsh or fish")] });
export const dynamicInput = commandInput({ args: [arg.choice("kind", ["plant-ids"], "plant-ids")] });

export const completionCommands = [
  defineCommand({
    noun: "completion",
    summary: "print a shell completion script (bash, zsh or fish)",
    description:
      "Print a completion script for your shell. It is generated from the commands of this voke version: " +
      "it completes commands, flags and their values, file names for file flags, help topics, and plant " +
      "ids from the API (fetched with your profile's credentials, cached for a minute).",
    ...scriptInput,
    examples: [
      "# bash: for this shell, or for good",
      "source <(voke completion bash)",
      "voke completion bash > ~/.local/share/bash-completion/completions/voke",
      "# zsh: a directory on $fpath, then restart zsh",
      "mkdir -p ~/.zfunc && voke completion zsh > ~/.zfunc/_voke   # with fpath+=(~/.zfunc) before compinit in ~/.zshrc",
      "# fish",
      "voke completion fish > ~/.config/fish/completions/voke.fish",
    ],
    load: () => import("./script.ts"),
  }),
  defineCommand({
    noun: "__complete",
    hidden: true,
    summary: "values for shell completion that come from the API (cached for a minute)",
    ...dynamicInput,
    load: () => import("./dynamic.ts"),
  }),
];
