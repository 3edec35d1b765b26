/** The body of `POST /plants` as a bulk row must carry it, checked before any request. */

import * as z from "zod/mini";
import { authMethod, plantName, plantType, serialNumber } from "./fields.ts";

/** Free-form metadata: a JSON object, or null to clear it. */
export const metadataObject = z.nullable(
  z.record(z.string(), z.unknown(), { error: "must be a JSON object or null" }),
);

/** The body of `POST /plants`, strict like the API (an unknown key is an error, not silently dropped). */
export const createPlantBody = z.strictObject(
  {
    name: plantName,
    serialNumber,
    type: plantType,
    authMethod: z.optional(authMethod),
    metadata: z.optional(metadataObject),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")} (fields: name, serialNumber, type, authMethod, metadata)`
        : "must be an object",
  },
);

/** The create body's field names: the columns of a bulk CSV, the keys of a bulk JSONL line. */
export const CREATE_FIELDS = ["name", "serialNumber", "type", "authMethod", "metadata"] as const;
