/** Registry entries for `voke alert-rules list|get|create|update|delete`. */

import { CREATE_ALERT_RULE_REQUEST_LIMITS as LIMITS } from "@voke/sdk";
import { arg, commandInput, flag, required } from "../../flags/declare.ts";
import { pageFlags, yesFlag } from "../../flags/shared.ts";
import { finite, int, length, uuid } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { CONDITIONS, SEVERITIES } from "./choices.ts";
import { plantIdOrNone } from "./rule-flags.ts";

const COOLDOWN = LIMITS.cooldownMinutes;
const ruleIdArg = arg.parsed("id", "the alert rule's id", uuid);

/** The rule's fields as `update` takes them: each optional. */
const ruleFlags = {
  name: flag.text("name", "rule name, 1-200 characters", length(LIMITS.name)),
  metric: flag.text("metric", "telemetry metric to watch, e.g. soc", length(LIMITS.metric)),
  condition: flag.choice("condition", CONDITIONS, "metric LT, GT or EQ the threshold"),
  threshold: flag.parsed("n", "threshold value", finite),
  severity: flag.choice("severity", SEVERITIES, "severity of the alerts it raises"),
  cooldownMinutes: flag.parsed(
    "n",
    `minutes between two alerts, ${COOLDOWN.minimum}-${COOLDOWN.maximum}`,
    int(COOLDOWN.minimum, COOLDOWN.maximum),
  ),
  enabled: flag.boolean("bool", "enable the rule (or --enabled false)"),
  disabled: { ...flag.switch("disable the rule"), conflicts: "enabled" },
};

export const listInput = commandInput({
  flags: { ...pageFlags, plantId: flag.parsed("id", "only the rules of this plant", uuid) },
});

export const oneRuleInput = commandInput({ args: [ruleIdArg] });

export const deleteInput = commandInput({ args: [ruleIdArg], flags: { yes: yesFlag } });

export const createInput = commandInput({
  flags: {
    ...ruleFlags,
    name: required(ruleFlags.name),
    metric: required(ruleFlags.metric),
    condition: required(ruleFlags.condition),
    threshold: required(ruleFlags.threshold),
    severity: { ...ruleFlags.severity, description: `${ruleFlags.severity.description} (default WARNING)` },
    cooldownMinutes: {
      ...ruleFlags.cooldownMinutes,
      description: `${ruleFlags.cooldownMinutes.description} (default 15)`,
    },
    plantId: flag.parsed("id", "watch only this plant (default: every plant of the organization)", uuid),
  },
});

export const updateInput = commandInput({
  args: [ruleIdArg],
  flags: {
    ...ruleFlags,
    plantId: flag.parsed(
      "id",
      'watch only this plant; "none" to watch every plant of the organization',
      plantIdOrNone,
    ),
  },
});

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
    ...listInput,
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "get",
    summary: "show one alert rule",
    ...oneRuleInput,
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
    ...createInput,
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "update",
    summary: "change fields of an alert rule",
    ...updateInput,
    examples: [
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --threshold 25 --severity CRITICAL",
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --disabled",
      "voke alert-rules update 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --plant-id none",
    ],
    load: () => import("./update.ts"),
  }),
  defineCommand({
    noun: "alert-rules",
    verb: "delete",
    aliases: ["rm"],
    summary: "delete an alert rule",
    ...deleteInput,
    examples: [
      "voke alert-rules delete 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10",
      "voke alert-rules delete 5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10 --yes",
    ],
    load: () => import("./delete.ts"),
  }),
];
