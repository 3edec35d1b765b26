/** Registry entries for `voke config get|set|list|path`. */

import { defineCommand, defineGroup } from "../../registry/define.ts";

export const configCommands = [
  defineGroup({
    noun: "config",
    summary: "read and change settings stored in profiles",
    description:
      "Read and change settings stored in profiles (file mode 0600).\n" +
      "A flag beats the environment, which beats the profile: see `voke help environment`.",
  }),
  defineCommand({
    noun: "config",
    verb: "get",
    summary: "print the value in force for a setting",
    args: [{ name: "key", description: "api-url, output or profile" }],
    examples: ["voke config get api-url", "voke config get output --profile ci"],
    load: () => import("./get.ts"),
  }),
  defineCommand({
    noun: "config",
    verb: "set",
    summary: "store a setting in a profile",
    args: [
      { name: "key", description: "api-url or output (the token is set with `voke login`)" },
      { name: "value", description: "the new value" },
    ],
    examples: [
      "voke config set api-url https://voke.example.com",
      "voke config set output json --profile ci",
    ],
    load: () => import("./set.ts"),
  }),
  defineCommand({
    noun: "config",
    verb: "list",
    aliases: ["ls"],
    summary: "list the settings in force and where each came from",
    examples: ["voke config list", "voke config list -o json"],
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "config",
    verb: "path",
    summary: "print the path of the configuration file",
    examples: ["voke config path", "VOKE_CONFIG_DIR=/tmp/voke voke config path"],
    load: () => import("./path.ts"),
  }),
];
