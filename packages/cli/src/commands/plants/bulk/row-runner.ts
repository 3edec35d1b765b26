/**
 * One bulk row through the API: create the plant (or find it when it already exists), then, with an
 * out dir, provision it and write its package file. Every outcome becomes one result; only an
 * authentication or permission error (which every row would hit) stops the run.
 */

import { type Plant, type PlantsResource, type ProvisioningPackage, VokeApiError } from "@voke/sdk";
import { SecretFileExistsError, writeSecretFile } from "../../../config/secret-file.ts";
import { packageText } from "../../provision/secret-output.ts";
import { createKey, provisionKey } from "./keys.ts";
import type { KnownPlant, KnownPlants } from "./known-plants.ts";
import { packageFileState, packagePath } from "./package-files.ts";
import type { PlantRow } from "./rows.ts";

export type RowStatus = "created" | "exists" | "provisioned" | "failed";

/** One NDJSON line of a bulk run. `file` and `created` appear with `--provision` only. */
export interface RowResult {
  row: number;
  serialNumber: string | null;
  status: RowStatus;
  id: string | null;
  error: string | null;
  /** The package file (provisioned rows). */
  file?: string;
  /** Whether this run created the plant (it may have existed before). */
  created?: boolean;
}

export interface RowRunnerDeps {
  plants: Pick<PlantsResource, "create" | "get" | "provision">;
  known: KnownPlants;
  /** The bulk file's digest (see keys.ts). */
  digest: string;
  /** Where package files go; undefined without `--provision`. */
  outDir: string | undefined;
  /** When the look-up of existing plants started, on the local clock (see `isOldAnswer`). */
  scanStartedAt: number;
}

/**
 * A create answer naming a plant made before this run started is a replay of an earlier run's answer
 * (same Idempotency-Key). That plant may have been deleted since, so it is checked. The margin
 * absorbs clock skew between this machine and the server.
 */
const REPLAY_MARGIN_MS = 60_000;
/** Successive keys tried when replayed answers name deleted plants. */
const MAX_CREATE_ATTEMPTS = 3;

/** `PLANT_ALREADY_EXISTS: Plant with this serial number already exists`, with field issues if any. */
export function errorText(error: unknown): string {
  if (error instanceof VokeApiError) {
    const issues = (error.details as { issues?: { path?: unknown; message?: unknown }[] } | null)?.issues;
    const detail = Array.isArray(issues)
      ? issues
          .map((issue) => `${issue.path ? `${String(issue.path)}: ` : ""}${String(issue.message)}`)
          .join("; ")
      : "";
    return `${error.code}: ${error.message}${detail ? ` (${detail})` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function isStatus(error: unknown, ...statuses: number[]): error is VokeApiError {
  return error instanceof VokeApiError && statuses.includes(error.status);
}

/** Rethrows what should stop the whole run (every row would fail the same way). */
function stopOnAccessError(error: unknown): void {
  if (isStatus(error, 401, 403)) throw error;
}

export function createRowRunner(deps: RowRunnerDeps): (row: PlantRow) => Promise<RowResult> {
  const { plants, known, digest, outDir } = deps;

  /** Creates the row's plant; undefined when its serial number turned out to exist (409). */
  async function create(row: PlantRow, body: NonNullable<PlantRow["body"]>): Promise<Plant | undefined> {
    for (let attempt = 0; ; attempt++) {
      let plant: Plant;
      try {
        plant = await plants.create(body, { idempotencyKey: createKey(digest, row, attempt) });
      } catch (error) {
        if (error instanceof VokeApiError && error.code === "PLANT_ALREADY_EXISTS") return undefined;
        throw error;
      }
      if (Date.parse(plant.createdAt) >= deps.scanStartedAt - REPLAY_MARGIN_MS) return plant;
      try {
        await plants.get(plant.id);
        return plant;
      } catch (error) {
        if (!isStatus(error, 404) || attempt + 1 >= MAX_CREATE_ATTEMPTS) throw error;
      }
    }
  }

  async function provision(row: PlantRow, plant: KnownPlant, created: boolean): Promise<RowResult> {
    const file = packagePath(outDir as string, plant.serialNumber);
    const head = { row: row.row, serialNumber: plant.serialNumber };
    const failed = (error: string): RowResult => ({
      ...head,
      status: "failed",
      id: plant.id,
      error,
      created,
    });
    const done: RowResult = { ...head, status: "provisioned", id: plant.id, error: null, file, created };
    const other = () =>
      failed(`${file} already holds another plant's package: move it away to provision this plant`);

    const before = await packageFileState(file, plant.id);
    if (before === "this-plant") return done;
    if (before === "other") return other();
    let pkg: ProvisioningPackage;
    try {
      pkg = await plants.provision(plant.id, { idempotencyKey: provisionKey(digest, row, plant.id) });
    } catch (error) {
      stopOnAccessError(error);
      return failed(`provisioning failed: ${errorText(error)}`);
    }
    try {
      await writeSecretFile(file, packageText(pkg));
    } catch (error) {
      if (error instanceof SecretFileExistsError) {
        return (await packageFileState(file, plant.id)) === "this-plant" ? done : other();
      }
      return failed(`cannot write ${file}: ${errorText(error)}`);
    }
    return done;
  }

  return async (row) => {
    const { body } = row;
    if (!body)
      return {
        row: row.row,
        serialNumber: row.serialNumber,
        status: "failed",
        id: null,
        error: row.error ?? "invalid row",
      };
    const failed = (error: string): RowResult => ({
      row: row.row,
      serialNumber: body.serialNumber,
      status: "failed",
      id: null,
      error,
    });

    let plant: KnownPlant | undefined = known.get(body.serialNumber);
    let created = false;
    if (!plant) {
      try {
        plant = await create(row, body);
      } catch (error) {
        stopOnAccessError(error);
        return failed(errorText(error));
      }
      created = plant !== undefined;
      if (!plant) {
        try {
          plant = await known.lookup(body.serialNumber);
        } catch (error) {
          stopOnAccessError(error);
          return failed(`serial number exists, but looking it up failed: ${errorText(error)}`);
        }
        if (!plant)
          return failed(
            "PLANT_ALREADY_EXISTS: the serial number belongs to a plant outside your organization",
          );
      }
    }
    if (outDir !== undefined) return provision(row, plant, created);
    return {
      row: row.row,
      serialNumber: body.serialNumber,
      status: created ? "created" : "exists",
      id: plant.id,
      error: null,
    };
  };
}
