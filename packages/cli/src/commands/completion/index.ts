/** Registry entry for `voke completion bash|zsh|fish`. */

import { defineCommand } from "../../registry/define.ts";

export const completionCommands = [
  defineCommand({
    noun: "completion",
    summary: "print a shell completion script (bash, zsh or fish)",
    description:
      "Print a completion script for your shell. It is generated from the commands of this voke version.",
    args: [{ name: "shell", description: "bash, zsh or fish", choices: ["bash", "zsh", "fish"] }],
    examples: [
      "source <(voke completion bash)",
      "voke completion zsh > ~/.zfunc/_voke   # with fpath+=(~/.zfunc) in ~/.zshrc",
      "voke completion fish > ~/.config/fish/completions/voke.fish",
    ],
    load: () => import("./script.ts"),
  }),
];
