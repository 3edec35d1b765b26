/** `voke plants update ID`: change the fields given as flags; `null` clears a nullable one. */

import { UPDATE_PLANT_REQUEST_LIMITS, type UpdatePlantRequest } from "@voke/sdk";
import * as z from "zod/mini";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { jsonObjectFlag, nullableFlag } from "../../flags/parsed-text.ts";
import { uuid } from "../../flags/schemas.ts";
import { authMethod, plantName, plantType, serialNumber } from "./fields.ts";
import { PLANT_COLUMNS } from "./views.ts";

const { maxLength } = UPDATE_PLANT_REQUEST_LIMITS.externalPlantId;
const externalPlantId = z
  .string()
  .check(z.maxLength(maxLength, { error: `must be at most ${maxLength} characters (or null to unlink)` }));

export const flags = z.object({
  plantId: uuid,
  name: z.optional(plantName),
  serialNumber: z.optional(serialNumber),
  type: z.optional(plantType),
  authMethod: z.optional(authMethod),
  metadata: z.optional(nullableFlag(jsonObjectFlag)),
  externalPlantId: z.optional(nullableFlag(externalPlantId)),
  templateId: z.optional(nullableFlag(uuid)),
  organizationId: z.optional(uuid),
});

export type Options = z.infer<typeof flags>;

const FIELDS = [
  "name",
  "serialNumber",
  "type",
  "authMethod",
  "metadata",
  "externalPlantId",
  "templateId",
  "organizationId",
] as const;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const field of FIELDS) if (opts[field] !== undefined) body[field] = opts[field];
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      "nothing to update: pass at least one of --name, --serial-number, --type, --auth-method, --metadata, " +
        "--external-plant-id, --template-id, --organization-id",
    );
  }
  const client = await deps.client();
  const plant = await client.plants.update(opts.plantId, body as UpdatePlantRequest);
  await deps.printer.item(plant, { columns: PLANT_COLUMNS });
}
