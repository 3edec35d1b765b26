/** Registry entries for `voke plants ...`: listing, CRUD, lifecycle actions, credentials and stats. */

import { CREATE_PLANT_REQUEST_LIMITS as LIMITS, UPDATE_PLANT_REQUEST_LIMITS } from "@voke/sdk";
import { arg, commandInput, flag, withDefault } from "../../flags/declare.ts";
import { forceFlag, pageFlags, yesFlag } from "../../flags/shared.ts";
import { int, jsonObject, length, matching, nonEmpty, orNull, uuid } from "../../flags/values.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { AUTH_METHODS, EVENT_TYPES, PLANT_TYPES, RESOLUTIONS } from "./choices.ts";

const plantIdArg = arg.parsed("plant-id", "the plant's id (a UUID)", uuid);
/** What every verb that acts on one plant takes. */
export const onePlantInput = commandInput({ args: [plantIdArg] });

const fieldFlags = {
  name: flag.text("name", "display name, 1-100 characters", length(LIMITS.name)),
  serialNumber: flag.text(
    "serial",
    "serial number, 1-50 characters, unique on the server",
    length(LIMITS.serialNumber),
  ),
  type: flag.choice("type", PLANT_TYPES, "plant type"),
  authMethod: flag.choice("method", AUTH_METHODS, "how it connects to MQTT (default MTLS)"),
};

export const listInput = commandInput({
  flags: {
    ...pageFlags,
    authMethod: flag.choice("method", AUTH_METHODS, "only plants with this auth method"),
  },
});

export const createInput = commandInput({
  flags: {
    ...fieldFlags,
    metadata: flag.parsed("json", "metadata as a JSON object", jsonObject),
    fromFile: flag.text(
      "file",
      "create every plant in a CSV or JSONL file (- for stdin)",
      nonEmpty("must name a file (or - for stdin)"),
    ),
    provision: flag.switch("with --from-file: also provision each plant into --out-dir"),
    outDir: flag.text(
      "dir",
      "with --provision: directory for the package files (created 0700)",
      nonEmpty("must name a directory"),
    ),
    reissue: flag.switch(
      "with --provision: issue NEW credentials to plants that already have some (revokes theirs)",
    ),
    concurrency: withDefault(
      flag.parsed("n", "with --from-file: rows in flight at once, 1-64", int(1, 64)),
      "8",
    ),
  },
});

const { maxLength: externalIdLength } = UPDATE_PLANT_REQUEST_LIMITS.externalPlantId;

export const updateInput = commandInput({
  args: [plantIdArg],
  flags: {
    ...fieldFlags,
    metadata: flag.parsed("json", "metadata as a JSON object, or null to clear it", orNull(jsonObject)),
    externalPlantId: flag.parsed(
      "id",
      `external (ESM) plant id, up to ${externalIdLength} characters, or null`,
      orNull(length({ minLength: 0, maxLength: externalIdLength }, " (or null to unlink)")),
    ),
    templateId: flag.parsed(
      "uuid",
      "PLANT-level template id (see voke templates list), or null",
      orNull(uuid),
    ),
    organizationId: flag.parsed("uuid", "move the plant to another organization (superadmin)", uuid),
  },
});

/** `delete` and `revoke`: one plant, confirmed. */
export const confirmedInput = commandInput({ args: [plantIdArg], flags: { yes: yesFlag } });

export const rotateSecretInput = commandInput({
  args: [plantIdArg],
  flags: {
    secretFile: flag.text(
      "file",
      "write the new secret to this file (mode 0600)",
      nonEmpty("must name a file"),
    ),
    stdout: flag.switch("print the new secret instead of writing a file"),
    force: forceFlag,
  },
});

export const watchInput = commandInput({
  args: [arg.rest("plant-id", "only these plants (UUIDs); every plant by default", uuid)],
  flags: {
    type: flag.choices("type", EVENT_TYPES, "only these event types (repeatable)"),
    afterId: flag.text(
      "id",
      "start after this event id (replayed from the server's window)",
      matching(/^[0-9]{1,15}$/, "must be an event id (a whole number)"),
    ),
  },
});

export const telemetryInput = commandInput({
  args: [plantIdArg],
  flags: {
    since: withDefault(flag.text("duration", "how far back: 30m, 1h, 2d… or an ISO date-time"), "1h"),
    metric: flag.list(
      "name",
      "only these metrics (repeatable)",
      matching(/^[A-Za-z0-9_]{1,64}$/, "must be a metric name (A-Z, 0-9, _)"),
    ),
    resolution: flag.choice("width", RESOLUTIONS, "buckets of this width instead of raw points"),
    chart: flag.switch("draw a terminal chart instead of a table"),
  },
});

export const plantsCommands = [
  defineGroup({
    noun: "plants",
    summary: "manage plants: create, list, lifecycle, credentials",
    description:
      "Manage plants: create them one by one or in bulk from a file, list and inspect them, suspend, " +
      "reactivate or revoke them, rotate their secrets and issue MQTT tokens. " +
      "Provisioning packages are written with `voke provision create|download`.",
    examples: [
      'voke plants create --name "Roof PV" --serial-number SN-001 --type GATEWAY',
      "voke plants list --all -o ndjson",
      "voke plants create --from-file plants.csv --provision --out-dir packages/",
    ],
  }),
  defineCommand({
    noun: "plants",
    verb: "list",
    aliases: ["ls"],
    summary: "list plants",
    description:
      "List plants, one page at a time or every page with --all (json and ndjson stream as pages arrive).",
    examples: [
      "voke plants list",
      "voke plants list --page 2 --limit 50",
      "voke plants list --auth-method TOKEN -o json",
      "voke plants list --all -o ndjson | jq -r .serialNumber",
    ],
    ...listInput,
    load: () => import("./list.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "get",
    summary: "show one plant in detail (alerts, groups, what it reports)",
    description:
      "Show one plant's detail view. A table summarises its alerts and plant groups; -o json gives the " +
      "full object, alerts included.",
    examples: [
      "voke plants get 9f3c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f",
      "voke plants get $PLANT_ID -o json | jq .alerts",
    ],
    ...onePlantInput,
    load: () => import("./get.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "create",
    summary: "create a plant, or many from a CSV/JSONL file",
    description:
      "Create one plant from flags, or many with --from-file. A bulk file's columns (CSV, with a header " +
      "row) or keys (JSONL, one object per line) are the create body's field names: name, serialNumber, " +
      "type, authMethod, metadata (JSON text in CSV); the file must be UTF-8, and a file with an invalid " +
      "byte or a quote that never closes is refused (exit 2, naming line and column) before anything is " +
      "sent. Rows are read and sent as they go (memory does not grow with the file). Bulk runs print one " +
      'NDJSON result per row, {"row":N,"serialNumber":..,"status":..,"id":..,"error":..}, whatever -o ' +
      "says; status is created or exists (without --provision), provisioned (first credentials), " +
      "downloaded (the plant already had credentials: its current package), reissued (new credentials, " +
      "only with --reissue) or failed. Exit 8 when any row failed; exit 1 when the server cannot be " +
      "reached (run the same command again to resume). Each row's requests carry an Idempotency-Key " +
      "derived from the row, so re-running after a crash finishes the job without duplicates and never " +
      "re-issues credentials. That holds for --reissue too, for 24 hours (the server keeps keys a day): " +
      "running the same row with --reissue again within a day finishes that reissue (the same " +
      "credentials, status reissued) instead of issuing newer ones; to reissue again sooner, change the " +
      "row. With --provision each plant's current package goes to " +
      "DIR/voke-<serialNumber>.json (mode 0600), checked against the plant first, and results add file " +
      "and created (whether this run created the plant).",
    examples: [
      'voke plants create --name "Roof PV" --serial-number SN-001 --type GATEWAY',
      'voke plants create --name "Meter 7" --serial-number SN-007 --type SENSOR --auth-method TOKEN --metadata \'{"site":"north"}\'',
      "voke plants create --from-file plants.csv > results.ndjson",
      "voke plants create --from-file plants.jsonl --provision --out-dir packages/ --concurrency 16",
      "# plants.csv:",
      "#   name,serialNumber,type,authMethod,metadata",
      '#   Roof PV,SN-001,GATEWAY,MTLS,"{""site"":""north""}"',
    ],
    ...createInput,
    load: () => import("./create.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "update",
    summary: "change a plant's fields",
    description:
      "Change the fields given as flags; the others stay as they are. Pass null to clear a nullable field " +
      "(--metadata null, --external-plant-id null, --template-id null).",
    examples: [
      'voke plants update $PLANT_ID --name "Roof PV east"',
      "voke plants update $PLANT_ID --template-id $TEMPLATE_ID --external-plant-id VELVARY-MAIN",
      "voke plants update $PLANT_ID --template-id null",
    ],
    ...updateInput,
    load: () => import("./update.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "delete",
    aliases: ["rm"],
    summary: "delete a plant",
    description: "Delete a plant for good. Asks first on a terminal; without one, --yes is required.",
    examples: ["voke plants delete $PLANT_ID", "voke plants delete $PLANT_ID --yes"],
    ...confirmedInput,
    load: () => import("./delete.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "suspend",
    summary: "disconnect a plant and refuse its connections until reactivated",
    examples: ["voke plants suspend $PLANT_ID"],
    ...onePlantInput,
    load: () => import("./suspend.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "reactivate",
    summary: "let a suspended plant connect again",
    examples: ["voke plants reactivate $PLANT_ID"],
    ...onePlantInput,
    load: () => import("./reactivate.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "revoke",
    summary: "revoke a plant's certificate and secrets and decommission it for good",
    description:
      "Put the plant's certificate on the revocation list, destroy its secrets, close its session and " +
      "mark it DECOMMISSIONED (final). Asks first on a terminal; without one, --yes is required.",
    examples: ["voke plants revoke $PLANT_ID", "voke plants revoke $PLANT_ID --yes -o json"],
    ...confirmedInput,
    load: () => import("./revoke.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "rotate-secret",
    summary: "issue a new HMAC secret and save it to a file (mode 0600)",
    description:
      "Issue a new HMAC secret. It is written alone, without a newline, to --secret-file (mode 0600, " +
      "never replacing a file without --force), or printed with --stdout. The file is checked before " +
      "rotating (a directory or symbolic link is refused); if it cannot be written after the server " +
      "answered, run the same command again: it gets the same new secret back (same Idempotency-Key) " +
      "instead of rotating twice. The previous secret keeps working for gracePeriodMinutes.",
    examples: [
      "voke plants rotate-secret $PLANT_ID --secret-file plant.secret",
      "voke plants rotate-secret $PLANT_ID --stdout -o json | jq -r .hmacSecret",
    ],
    ...rotateSecretInput,
    load: () => import("./rotate-secret.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "mqtt-token",
    summary: "issue a short-lived MQTT token for a TOKEN plant",
    description:
      "Issue a JWT for a TOKEN plant and print it with its expiry. The device connects with its plant " +
      "id as the MQTT username and the token as the password.",
    examples: ["voke plants mqtt-token $PLANT_ID", "voke plants mqtt-token $PLANT_ID -o json | jq -r .token"],
    ...onePlantInput,
    load: () => import("./mqtt-token.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "energy",
    summary: "show today's (UTC) energy: produced, imported, exported, self-consumption",
    examples: ["voke plants energy $PLANT_ID", "voke plants energy $PLANT_ID -o json"],
    ...onePlantInput,
    load: () => import("./energy.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "watch",
    summary: "follow what plants do as it happens: telemetry, presence, commands, alerts",
    description:
      "Follow the organization's events live (GET /api/v1/events, Server-Sent Events over plain HTTP, so it " +
      "works through proxies): telemetry, presence (ONLINE/OFFLINE), lifecycle changes, command state changes, " +
      "alerts and the broker's refusals. One aligned, coloured line per event on a terminal; NDJSON when piped " +
      "or with -o json. A lost connection is reported on stderr and the stream resumes by itself after the last " +
      "event received (nothing is lost within the server's replay window). A refused token or permission exits 4.",
    examples: [
      "voke plants watch",
      "voke plants watch $PLANT_ID --type telemetry --type alert",
      "voke plants watch | jq -c 'select(.type == \"alert\")'",
      "# resume where an earlier run stopped",
      "voke plants watch --after-id 1042",
    ],
    ...watchInput,
    load: () => import("./watch.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "telemetry",
    summary: "show a plant's telemetry history, raw or in buckets, as a table, JSON, CSV or a chart",
    description:
      "Read a plant's telemetry back: raw points (one column per metric), or with --resolution one row per " +
      "bucket and metric with its average, minimum, maximum, last value and count, computed by the server. " +
      "--chart draws the first metric (or --metric) on the terminal.",
    examples: [
      "voke plants telemetry $PLANT_ID --since 1h",
      "voke plants telemetry $PLANT_ID --since 24h --metric powerKw --resolution 1m --chart",
      "voke plants telemetry $PLANT_ID --since 2d --resolution 1h -o csv > history.csv",
    ],
    ...telemetryInput,
    load: () => import("./telemetry.ts"),
  }),
  defineCommand({
    noun: "plants",
    verb: "cert-stats",
    summary: "show certificate health over your MTLS plants",
    description:
      "Count active, expiring (within 30 days), expired and revoked certificates, list the plants at " +
      "risk (soonest expiry first) and when the next renewal is due.",
    examples: ["voke plants cert-stats", "voke plants cert-stats -o json | jq .atRiskPlants"],
    load: () => import("./cert-stats.ts"),
  }),
];
