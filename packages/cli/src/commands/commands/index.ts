/** Registry entries for `voke commands send|list`: commands to plants and their delivery state. */

import { SEND_COMMAND_REQUEST_LIMITS as LIMITS } from "@voke/sdk";
import { arg, commandInput, flag } from "../../flags/declare.ts";
import { pageFlags } from "../../flags/shared.ts";
import { duration, length, matching, uuid } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";

const plantIdArg = arg.parsed("plant-id", "the plant's id", uuid);

export const sendInput = commandInput({
  args: [plantIdArg, arg.text("command", "the command name, e.g. reboot", length(LIMITS.command))],
  flags: {
    payload: flag.text("json", "JSON object to send with it; @FILE reads a file, @- stdin"),
    target: flag.text(
      "external-id",
      "sub-device target (A-Z, 0-9, _ and -, up to 32)",
      matching(
        new RegExp(LIMITS.target.pattern),
        "must be 1-32 characters of A-Z, 0-9, _ and - (e.g. INVERTER_1)",
      ),
    ),
    wait: flag.switch("wait for the device's answer (exit 0 ok, 8 failed, 7 timed out)"),
    timeout: {
      ...flag.parsed("duration", "how long --wait waits, e.g. 30s, 2m (default 30s)", duration()),
      requires: "wait",
    },
  },
});

export const listInput = commandInput({ args: [plantIdArg], flags: pageFlags });

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";

export const commandsCommands = [
  defineGroup({
    noun: "commands",
    summary: "send commands to plants and see their state",
    description:
      "Send a command to a plant over MQTT and follow it: QUEUED → SENT → SUCCEEDED or FAILED (the\n" +
      "device's ack), TIMED_OUT (no ack in time) or EXPIRED (never delivered).",
    examples: [`voke commands send ${PLANT_ID} reboot --wait`, `voke commands list ${PLANT_ID}`],
  }),
  defineCommand({
    noun: "commands",
    verb: "send",
    summary: "send a command to a plant, optionally waiting for its answer",
    description:
      "Send a command to a plant. It is published at once when the plant is online, otherwise it is\n" +
      "queued until the plant connects. With --wait, follow it until the device answers: exit 0 when it\n" +
      "succeeded, 8 when the device answered with a failure, 7 when it timed out or expired.",
    ...sendInput,
    examples: [
      `voke commands send ${PLANT_ID} reboot`,
      `voke commands send ${PLANT_ID} set-limit --payload '{"maxPowerKw": 5}' --wait --timeout 1m`,
      `voke commands send ${PLANT_ID} update-config --payload @config.json --target INVERTER_1 --wait -o json`,
    ],
    load: () => import("./send.ts"),
  }),
  defineCommand({
    noun: "commands",
    verb: "list",
    aliases: ["ls"],
    summary: "list a plant's commands, oldest first",
    ...listInput,
    examples: [`voke commands list ${PLANT_ID}`, `voke commands list ${PLANT_ID} --all -o ndjson`],
    load: () => import("./list.ts"),
  }),
];
