/** Registry entries for `voke provision create|download`: provisioning packages, written safely. */

import { arg, commandInput, flag } from "../../flags/declare.ts";
import { forceFlag } from "../../flags/shared.ts";
import { nonEmpty, uuid } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";

/** `create` and `download`: one plant, and where its package goes. */
export const packageInput = commandInput({
  args: [arg.parsed("plant-id", "the plant's id (a UUID)", uuid)],
  flags: {
    file: flag.text(
      "path",
      "write the package here (default ./voke-<serialNumber>.json)",
      nonEmpty("must name a file"),
    ),
    stdout: flag.switch("print the package JSON on stdout instead of writing a file"),
    force: forceFlag,
  },
});

export const provisionCommands = [
  defineGroup({
    noun: "provision",
    summary: "issue and download provisioning packages (credentials for a plant)",
    description:
      "A provisioning package holds what a plant needs to connect: broker, topics, CA certificate, its " +
      "client certificate and key (MTLS) and its HMAC secret. Packages are written to files with mode " +
      "0600 and never replace a file without --force; they reach stdout only with --stdout.",
    examples: ["voke provision create $PLANT_ID", "voke provision download $PLANT_ID --file roof.json"],
  }),
  defineCommand({
    noun: "provision",
    verb: "create",
    summary: "issue fresh credentials and write the package (revokes the old certificate)",
    description:
      "Issue fresh credentials for the plant and write its package to ./voke-<serialNumber>.json or " +
      "--file (mode 0600). The plant's previous certificate is revoked, so the file is checked first " +
      "(an existing one needs --force; a directory or symbolic link is refused). If the file cannot be " +
      "written after the server answered, run the same command again: it sends the same Idempotency-Key " +
      "and gets the same package back instead of issuing another. Prints {plantId, file, authMethod}.",
    examples: [
      "voke provision create $PLANT_ID",
      "voke provision create $PLANT_ID --file /etc/voke/plant.json --force",
      "voke provision create $PLANT_ID --stdout > plant.json",
    ],
    ...packageInput,
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "provision",
    verb: "download",
    summary: "write the plant's current package to a file (provisioning it first if it never was)",
    description:
      "Download the plant's current package to ./voke-<serialNumber>.json or --file (mode 0600, never " +
      "replacing a file without --force), or print it with --stdout. Prints {plantId, file, authMethod}.",
    examples: [
      "voke provision download $PLANT_ID",
      "voke provision download $PLANT_ID --file plant.json -o json",
      "voke provision download $PLANT_ID --stdout | jq .mqtt",
    ],
    ...packageInput,
    load: () => import("./download.ts"),
  }),
];
