/** Registry entries for `voke config get|set|list|path`. */

import { arg, commandInput } from "../../flags/declare.ts";
import { oneOf } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { readableSettings } from "./keys.ts";

export const getInput = commandInput({
  args: [arg.parsed("key", "api-url, output or profile", oneOf(readableSettings))],
});

export const setInput = commandInput({
  args: [
    arg.text("key", "api-url or output (the token is set with `voke login`)"),
    arg.text("value", "the new value"),
  ],
});

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
    ...getInput,
    examples: ["voke config get api-url", "voke config get output --profile ci"],
    load: () => import("./get.ts"),
  }),
  defineCommand({
    noun: "config",
    verb: "set",
    summary: "store a setting in a profile",
    ...setInput,
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
