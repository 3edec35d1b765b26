/** Registry entries for `voke device simulate`: run a plant from its provisioning package to try the loop. */

import { commandInput, flag, required, withDefault } from "../../flags/declare.ts";
import { duration, int, nonEmpty } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";

/** Shorter intervals would flood the broker with a simulated plant's telemetry. */
const MIN_INTERVAL_MS = 100;

export const simulateInput = commandInput({
  flags: {
    package: required(flag.text("file", "the plant's provisioning package, a JSON file")),
    interval: withDefault(
      flag.parsed("duration", "time between telemetry messages", duration(MIN_INTERVAL_MS)),
      "5s",
    ),
    token: flag.text("jwt", 'TOKEN plants: the MQTT JWT, or "-" to read it from stdin', nonEmpty()),
    tokenFromApi: {
      ...flag.switch("TOKEN plants: fetch a JWT from the API before every connection"),
      conflicts: "token",
    },
    failCommands: flag.switch("answer every command with ERROR (to try --wait failures)"),
    exitOnRefusal: flag.switch("exit 4 instead of retrying when the broker refuses the plant"),
    mqttHost: flag.text("host", "dial this host instead of the package's broker", nonEmpty()),
    mqttPort: flag.parsed("port", "dial this port instead of the package's", int(1, 65535)),
  },
});

export const deviceCommands = [
  defineGroup({
    noun: "device",
    summary: "act as a device (to try the MQTT loop)",
  }),
  defineCommand({
    noun: "device",
    verb: "simulate",
    summary: "run a simulated solar plant from a provisioning package",
    description:
      "Connect to the broker as the plant in a provisioning package (from `voke provision download`),\n" +
      "report its status once, publish telemetry every --interval (PV power, battery, meter registers),\n" +
      "and answer commands. Each event is one line on stderr. Stop with Ctrl-C (a clean DISCONNECT).\n" +
      "If the broker refuses the plant or cuts it off (suspended, revoked), it keeps retrying with\n" +
      "backoff, or exits 4 with --exit-on-refusal. TOKEN plants need --token-from-api (a fresh JWT from\n" +
      "the API on every connection, with your API token) or --token - (a JWT read from stdin).",
    ...simulateInput,
    examples: [
      "voke device simulate --package voke-SN-001.json",
      "voke device simulate --package voke-SN-002.json --token-from-api --interval 2s",
      "voke device simulate --package voke-SN-001.json --fail-commands --exit-on-refusal",
    ],
    load: () => import("./simulate.ts"),
  }),
];
