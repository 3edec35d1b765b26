/** Registry entries for signing in and out: `voke login`, `voke logout`, `voke auth status`. */

import { commandInput, flag } from "../../flags/declare.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";

export const loginInput = commandInput({ flags: { withToken: flag.switch("read the token from stdin") } });

export const authCommands = [
  defineCommand({
    noun: "login",
    summary: "save an API token for a profile",
    description:
      "Read an API token from stdin, check it against the API, and save it with the API URL (--api-url,\n" +
      "or VOKE_API_URL, the profile's, the default) in a profile (file mode 0600). At a terminal the prompt\n" +
      "shows * for each character. The token is never taken from arguments, where other users could see it.",
    examples: [
      "voke login --api-url https://voke.example.com --with-token < token.txt",
      'echo "$VOKE_TOKEN" | voke login --with-token --profile ci',
    ],
    ...loginInput,
    load: () => import("./login.ts"),
  }),
  defineCommand({
    noun: "logout",
    summary: "remove the saved token of a profile",
    examples: ["voke logout", "voke logout --profile ci"],
    load: () => import("./logout.ts"),
  }),
  defineGroup({ noun: "auth", summary: "show how voke authenticates" }),
  defineCommand({
    noun: "auth",
    verb: "status",
    summary: "show the API URL, token and profile in use, and where each came from",
    examples: ["voke auth status", "voke auth status -o json"],
    load: () => import("./status.ts"),
  }),
];
