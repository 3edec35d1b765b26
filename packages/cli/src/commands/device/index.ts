/** Registry entries for `voke device simulate`: run a plant from its provisioning package to try the loop. */

import { defineCommand, defineGroup } from "../../registry/define.ts";

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
    options: [
      { flags: "--package <file>", description: "the plant's provisioning package (JSON, required)" },
      { flags: "--interval <duration>", description: "time between telemetry messages (default 5s)" },
      { flags: "--token <jwt>", description: 'TOKEN plants: the MQTT JWT, or "-" to read it from stdin' },
      {
        flags: "--token-from-api",
        description: "TOKEN plants: fetch a JWT from the API before every connection",
      },
      { flags: "--fail-commands", description: "answer every command with ERROR (to try --wait failures)" },
      {
        flags: "--exit-on-refusal",
        description: "exit 4 instead of retrying when the broker refuses the plant",
      },
      { flags: "--mqtt-host <host>", description: "dial this host instead of the package's broker" },
      { flags: "--mqtt-port <port>", description: "dial this port instead of the package's" },
    ],
    examples: [
      "voke device simulate --package voke-SN-001.json",
      "voke device simulate --package voke-SN-002.json --token-from-api --interval 2s",
      "voke device simulate --package voke-SN-001.json --fail-commands --exit-on-refusal",
    ],
    load: () => import("./simulate.ts"),
  }),
];
