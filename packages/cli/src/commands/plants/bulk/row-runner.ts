/**
 * One bulk row through the API: create the plant (or find it when it already exists), then, with an
 * out dir, get its package and write it. A plant that already has credentials gets its CURRENT
 * package (the download operation), never new credentials, unless `--reissue` asks for them; every
 * package is checked against the plant before it is written. Every outcome becomes one result; an
 * authentication or permission error, or a server that cannot be reached, is thrown instead (every
 * later row would meet it too).
 */

import {
  type Plant,
  type PlantsResource,
  type ProvisioningPackage,
  VokeApiError,
  VokeConnectionError,
} from "@voke/sdk";
import { SecretFileExistsError, writeSecretFile } from "../../../config/secret-file.ts";
import { packageText } from "../../provision/secret-output.ts";
import { createKey, provisionKey, reissueKey } from "./keys.ts";
import type { KnownPlant, KnownPlants } from "./known-plants.ts";
import { packageMismatch } from "./package-check.ts";
import { packageFileContents, packagePath } from "./package-files.ts";
import type { PlantRow } from "./rows.ts";

/**
 * The NDJSON `status` of a row, a contract for scripts:
 * created / exists (without --provision), provisioned / downloaded / reissued (with it), failed.
 */
export type RowStatus = "created" | "exists" | "provisioned" | "downloaded" | "reissued" | "failed";

/** One NDJSON line of a bulk run. `file` and `created` appear with `--provision` only. */
export interface RowResult {
  row: number;
  serialNumber: string | null;
  status: RowStatus;
  id: string | null;
  error: string | null;
  /** The package file (rows with a package). */
  file?: string;
  /** Whether this run created the plant (it may have existed before). */
  created?: boolean;
}

export interface RowRunnerDeps {
  plants: Pick<PlantsResource, "create" | "get" | "provision" | "downloadProvisioning">;
  known: KnownPlants;
  /** Where package files go; undefined without `--provision`. */
  outDir: string | undefined;
  /** `--reissue`: plants that already have credentials get new ones. */
  reissue?: boolean;
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

/** Rethrows what should stop the whole run (every later row would fail the same way). */
function rethrowRunStopper(error: unknown): void {
  if (isStatus(error, 401, 403) || error instanceof VokeConnectionError) throw error;
}

function isSuperseded(error: unknown): boolean {
  return error instanceof VokeApiError && error.code === "CREDENTIALS_SUPERSEDED";
}

export function createRowRunner(deps: RowRunnerDeps): (row: PlantRow) => Promise<RowResult> {
  const { plants, known, outDir } = deps;

  /** Creates the row's plant; undefined when its serial number turned out to exist (409). */
  async function create(row: PlantRow, body: NonNullable<PlantRow["body"]>): Promise<Plant | undefined> {
    for (let attempt = 0; ; attempt++) {
      let plant: Plant;
      try {
        plant = await plants.create(body, { idempotencyKey: createKey(row, attempt) });
      } catch (error) {
        if (error instanceof VokeApiError && error.code === "PLANT_ALREADY_EXISTS") return undefined;
        throw error;
      }
      if (Date.parse(plant.createdAt) >= deps.scanStartedAt - REPLAY_MARGIN_MS) return plant;
      try {
        // The replayed answer is old: the plant as it is now says whether it has credentials since.
        return await plants.get(plant.id);
      } catch (error) {
        if (!isStatus(error, 404) || attempt + 1 >= MAX_CREATE_ATTEMPTS) throw error;
      }
    }
  }

  /** The package this row gets, and the status that says how. */
  async function obtain(
    row: PlantRow,
    plant: KnownPlant,
  ): Promise<{ pkg: ProvisioningPackage; status: "provisioned" | "downloaded" | "reissued" }> {
    const download = async () => (await plants.downloadProvisioning(plant.id)).data;
    const neverProvisioned = plant.lifecycleStatus === "PENDING";
    if (!neverProvisioned && !deps.reissue) return { pkg: await download(), status: "downloaded" };
    const key = neverProvisioned ? provisionKey(row, plant.id) : reissueKey(row, plant.id);
    const status = neverProvisioned ? "provisioned" : "reissued";
    try {
      return { pkg: await plants.provision(plant.id, { idempotencyKey: key }), status };
    } catch (error) {
      // The key's first answer holds credentials replaced since: the current ones are what to write.
      if (isSuperseded(error)) return { pkg: await download(), status: "downloaded" };
      throw error;
    }
  }

  /** The package, checked against the plant as it is now; downloaded again once if it is not current. */
  async function currentPackage(row: PlantRow, plant: KnownPlant) {
    const obtained = await obtain(row, plant);
    let mismatch = packageMismatch(obtained.pkg, await plants.get(plant.id));
    if (mismatch === undefined) return obtained;
    const again = (await plants.downloadProvisioning(plant.id)).data;
    mismatch = packageMismatch(again, await plants.get(plant.id));
    if (mismatch === undefined) return { pkg: again, status: "downloaded" as const };
    throw new Error(`the server's package is not the plant's current one: ${mismatch}`);
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
    const other = () =>
      failed(`${file} already holds another plant's package: move it away to provision this plant`);

    const before = await packageFileContents(file);
    if (before.holder !== undefined && before.holder !== plant.id) return other();
    let obtained: Awaited<ReturnType<typeof currentPackage>>;
    try {
      obtained = await currentPackage(row, plant);
    } catch (error) {
      rethrowRunStopper(error);
      return failed(`getting the package failed: ${errorText(error)}`);
    }
    const done: RowResult = { ...head, status: obtained.status, id: plant.id, error: null, file, created };
    const text = packageText(obtained.pkg);
    if (before.text === text) return done;
    try {
      // A file of this plant that is not current (superseded credentials) is replaced: it is useless.
      await writeSecretFile(file, text, { force: before.holder === plant.id });
    } catch (error) {
      if (error instanceof SecretFileExistsError) {
        const now = await packageFileContents(file);
        return now.text === text ? done : other();
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
        rethrowRunStopper(error);
        return failed(errorText(error));
      }
      created = plant !== undefined;
      if (!plant) {
        try {
          plant = await known.lookup(body.serialNumber);
        } catch (error) {
          rethrowRunStopper(error);
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
