/** Registry entries for `voke alert-rules list|get|create|update|delete`. */

import { CREATE_ALERT_RULE_REQUEST_LIMITS } from "@voke/sdk";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { listOptions, yesOption } from "../../registry/options.ts";
import { CONDITIONS, SEVERITIES } from "./choices.ts";

const COOLDOWN = CREATE_ALERT_RULE_REQUEST_LIMITS.cooldownMinutes;

const ruleOptions = (purpose: "create" | "update") => [
  {
    flags: "--name <name>",
    description: `rule name, 1-200 characters${purpose === "create" ? " (required)" : ""}`,
  },
  {
    flags: "--metric <metric>",
    description: `telemetry metric to watch, e.g. soc${purpose === "create" ? " (required)" : ""}`,
  },
  {
    flags: "--condition <condition>",
    description: `metric LT, GT or EQ the threshold${purpose === "create" ? " (required)" : ""}`,
    choices: CONDITIONS,
  },
  { flags: "--threshold <n>", description: `threshold value${purpose === "create" ? " (required)" : ""}` },
  {
    flags: "--severity <severity>",
    description: `severity of the alerts it raises${purpose === "create" ? " (default WARNING)" : ""}`,
    choices: SEVERITIES,
  },
  {
    flags: "--cooldown-minutes <n>",
    description: `minutes between two alerts, ${COOLDOWN.minimum}-${COOLDOWN.maximum}${purpose === "create" ? " (default 15)" : ""}`,
  },
  { flags: "--enabled [bool]", description: "enable the rule (or --enabled false)" },
  { flags: "--disabled", description: "disable the rule" },
  {
    flags: "--plant-id <id>",
    description:
      purpose === "create"
        ? "watch only this plant (default: every plant of the organization)"
        : 'watch only this plant; "none" to watch every plant of the organization',
  },
];

export const alertRulesCommands = [
  defineGroup({
    noun: "alert-rules",
    summary: "manage threshold rules evaluated on every telemetry metric",
    description:
      "Manage alert rules: a rule raises an alert when a plant's telemetry metric is LT, GT or EQ its\n" +
      "threshold, at most once per cooldown. A rule without --plant-id watches every plant of the organization.",
    examples: [
      "voke alert-rules create --name 'Low battery' --metric soc --condition LT --threshold 20 --severity CRITICAL",
      "voke alert-rules list --plant-id bb17678d-82fa-43da-92e5-df833ebe5344",
    ],
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "list",
    aliases: ["ls"],
    summary: "list alert rules",
    examples: [
      "voke alert-rules list",
      "voke alert-rules list --plant-id bb17678d-82fa-43da-92e5-df833ebe5344 -o json",
      "voke alert-rules list --all -o ndjson",
    ],
    options: [...listOptions, { flags: "--plant-id <id>", description: "only the rules of this plant" }],
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "get",
    summary: "show one alert rule",
    args: [{ name: "id", description: "the alert rule's id" }],
    examples: ["voke alert-rules get 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10"],
    load: () => import("./get.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "create",
    summary: "create an alert rule",
    examples: [
      "voke alert-rules create --name 'High temperature' --metric temperatureC --condition GT --threshold 60",
      "voke alert-rules create --name 'Low SOC' --metric soc --condition LT --threshold 15 \\\n" +
        "      --plant-id bb17678d-82fa-43da-92e5-df833ebe5344 --cooldown-minutes 60 --disabled",
    ],
    options: ruleOptions("create"),
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "update",
    summary: "change fields of an alert rule",
    args: [{ name: "id", description: "the alert rule's id" }],
    examples: [
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --threshold 25 --severity CRITICAL",
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --disabled",
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --plant-id none",
    ],
    options: ruleOptions("update"),
    load: () => import("./update.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "delete",
    aliases: ["rm"],
    summary: "delete an alert rule",
    args: [{ name: "id", description: "the alert rule's id" }],
    examples: [
      "voke alert-rules delete 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10",
      "voke alert-rules delete 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --yes",
    ],
    options: [yesOption],
    load: () => import("./delete.ts"),
  }),
];
