/** Registry entries for `voke tokens create|list|revoke`: the organization's API tokens (admin role). */

import { CREATE_API_TOKEN_REQUEST_LIMITS as LIMITS } from "@voke/sdk";
import { arg, commandInput, flag, required } from "../../flags/declare.ts";
import { forceFlag, pageFlags, yesFlag } from "../../flags/shared.ts";
import { accepted, length, nonEmpty, uuid } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { TOKEN_ROLES } from "./columns.ts";
import { parseLifetime } from "./lifetime.ts";

export const createInput = commandInput({
  flags: {
    name: required(flag.text("name", "what the token is for, 1-100 characters", length(LIMITS.name))),
    role: required(flag.choice("role", TOKEN_ROLES, "what the token may do")),
    expiresIn: {
      ...flag.parsed("duration", "stop working after this long, e.g. 90d, 12h, 30m", parseLifetime),
      conflicts: "expiresAt",
    },
    expiresAt: flag.text(
      "time",
      "stop working at this ISO 8601 time",
      accepted(
        (text) => !Number.isNaN(Date.parse(text)),
        "must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z",
      ),
    ),
    tokenFile: flag.text("file", "write the secret to this file (mode 0600)", nonEmpty("must name a file")),
    stdout: flag.switch("print the secret instead of writing a file"),
    force: { ...forceFlag, description: "overwrite an existing --token-file" },
  },
});

export const listInput = commandInput({ flags: pageFlags });

export const revokeInput = commandInput({
  args: [arg.parsed("id", "the token's id (from voke tokens list)", uuid)],
  flags: { yes: yesFlag },
});

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
    ...createInput,
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "tokens",
    verb: "list",
    aliases: ["ls"],
    summary: "list API tokens (never their secrets)",
    examples: ["voke tokens list", "voke tokens list --all -o ndjson"],
    ...listInput,
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "tokens",
    verb: "revoke",
    summary: "revoke an API token at once",
    ...revokeInput,
    examples: [
      "voke tokens revoke 2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b",
      "voke tokens revoke 2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b --yes",
    ],
    load: () => import("./revoke.ts"),
  }),
];
