/** Registry entries for `voke tokens create|list|revoke`: the organization's API tokens (admin role). */

import { defineCommand, defineGroup } from "../../registry/define.ts";
import { listOptions, yesOption } from "../../registry/options.ts";
import { TOKEN_ROLES } from "./columns.ts";

export const tokensCommands = [
  defineGroup({
    noun: "tokens",
    summary: "manage the organization's API tokens (admin)",
    description:
      "Create, list and revoke API tokens. The secret is printed once, when the token is created; the\n" +
      "server keeps only its hash. For CI use --role provisioner: it can create, provision and download\n" +
      "plants and read, but not delete, revoke or manage tokens.",
    examples: [
      "voke tokens create --name ci --role provisioner --expires-in 90d --token-file ci.token",
      "voke tokens list",
      "voke tokens revoke 2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b --yes",
    ],
  }),
  defineCommand({
    noun: "tokens",
    verb: "create",
    summary: "create an API token; its secret is saved to a 0600 file (or printed) this once",
    examples: [
      "voke tokens create --name ci --role provisioner --expires-in 90d --token-file ci.token",
      "voke tokens create --name dashboard --role viewer --expires-at 2027-01-31T00:00:00Z --stdout -o json",
    ],
    options: [
      { flags: "--name <name>", description: "what the token is for, 1-100 characters (required)" },
      { flags: "--role <role>", description: "what the token may do (required)", choices: TOKEN_ROLES },
      { flags: "--expires-in <duration>", description: "stop working after this long, e.g. 90d, 12h, 30m" },
      { flags: "--expires-at <time>", description: "stop working at this ISO 8601 time" },
      { flags: "--token-file <file>", description: "write the secret to this file (mode 0600)" },
      { flags: "--stdout", description: "print the secret instead of writing a file" },
      { flags: "--force", description: "overwrite an existing --token-file" },
    ],
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "tokens",
    verb: "list",
    aliases: ["ls"],
    summary: "list API tokens (never their secrets)",
    examples: ["voke tokens list", "voke tokens list --all -o ndjson"],
    options: listOptions,
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "tokens",
    verb: "revoke",
    summary: "revoke an API token at once",
    args: [{ name: "id", description: "the token's id (from voke tokens list)" }],
    examples: [
      "voke tokens revoke 2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b",
      "voke tokens revoke 2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b --yes",
    ],
    options: [yesOption],
    load: () => import("./revoke.ts"),
  }),
];
