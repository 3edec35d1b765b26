/** Registry entry for `voke api METHOD PATH`: any endpoint, with the profile's URL and token. */

import { arg, commandInput, flag } from "../../flags/declare.ts";
import { nonEmpty } from "../../flags/values.ts";
import { defineCommand } from "../../registry/define.ts";
import { headerLine } from "./headers.ts";

export const requestInput = commandInput({
  args: [
    arg.choice("method", ["GET", "POST", "PUT", "PATCH", "DELETE"], "GET, POST, PUT, PATCH or DELETE"),
    arg.text("path", "the endpoint, e.g. plants or /api/v1/plants/ID"),
  ],
  flags: {
    rawField: { ...flag.list("key=value", "a string field (query for GET/DELETE, else body)"), short: "f" },
    field: { ...flag.list("key=value", "a typed field: true, false, null, a number or JSON"), short: "F" },
    header: {
      ...flag.list(
        "header",
        'a request header, "Name: value" (repeatable; replaces a default one)',
        headerLine,
      ),
      short: "H",
    },
    input: flag.text(
      "file",
      "the request body, from a file or - for stdin (then -f/-F go to the query)",
      nonEmpty("must name a file (or - for stdin)"),
    ),
    paginate: flag.switch("GET every page and print all their data as one array"),
  },
});

export const apiCommands = [
  defineCommand({
    noun: "api",
    summary: "call any API endpoint with your credentials and print the JSON answer",
    description:
      "Make an authenticated request to the Voke API, like `gh api`. PATH is relative to /api/v1 unless " +
      "it starts with /api/, /healthz or /openapi. -f key=value adds a string field, -F key=value a typed " +
      "one (true, false, null, numbers, JSON objects and arrays): query parameters for GET and DELETE, the " +
      "JSON body otherwise; --input FILE sends the file as the body instead (- reads stdin). -H adds a " +
      "header or replaces a default one (Accept, Content-Type). --paginate follows `meta.totalPages` and prints every page's data as one array. " +
      "An error status prints the error body and exits with the usual exit code (see voke help exit-codes).",
    examples: [
      "voke api GET plants -f limit=5",
      "voke api GET /api/v1/plants --paginate --jq '.[].serialNumber'",
      'voke api POST plants -f name="Roof PV" -f serialNumber=SN-100 -f type=GATEWAY',
      "voke api POST plants/$PLANT_ID/commands -f command=reboot -F 'payload={\"delaySeconds\":5}'",
      "voke api GET /healthz",
      "voke api POST plants --input plant.json -H 'Idempotency-Key: plant-sn-100'",
      'echo \'{"name":"Roof PV east"}\' | voke api PATCH plants/$PLANT_ID --input -',
    ],
    ...requestInput,
    load: () => import("./request.ts"),
  }),
];
