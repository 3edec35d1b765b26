/**
 * `voke __complete plant-ids`: what completion scripts call for values only the API knows, like gh's
 * dynamic completion. Answers come from a cache for a minute, so tab stays quick; any failure
 * (not logged in, server down) completes nothing rather than printing an error into the prompt.
 */

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { codeCacheDir } from "../../startup/cache-dir.ts";

import type { dynamicInput } from "./index.ts";

export type Options = OptionsOf<typeof dynamicInput>;

/** How long a completion answer is reused. */
export const CACHE_TTL_MS = 60_000;
/** Completion lists at most this many plants (ten pages). */
const MAX_PLANTS = 1000;

interface Cached {
  at: number;
  lines: string[];
}

/** One cache file per API URL and token, named by a hash so neither is written in clear. */
function cacheFile(dir: string, apiUrl: string, token: string): string {
  const key = createHash("sha256").update(`${apiUrl}\n${token}`).digest("hex").slice(0, 32);
  return join(dir, "completion", `plant-ids-${key}.json`);
}

async function fetchPlantIds(deps: CommandDeps): Promise<string[]> {
  const client = await deps.client();
  const lines: string[] = [];
  for await (const plant of client.plants.iterate({ limit: 100 })) {
    lines.push(plant.id);
    if (lines.length >= MAX_PLANTS) break;
  }
  return lines;
}

export async function run(_opts: Options, deps: CommandDeps, now = Date.now()): Promise<void> {
  try {
    const { apiUrl, token } = deps.config;
    const dir = codeCacheDir(deps.env);
    const file = dir && token.value ? cacheFile(dir, apiUrl.value, token.value) : undefined;
    if (file) {
      const cached = JSON.parse(await readFile(file, "utf8").catch(() => "null")) as Cached | null;
      if (cached && now - cached.at >= 0 && now - cached.at < CACHE_TTL_MS) {
        deps.printer.text(cached.lines.map((line) => `${line}\n`).join(""));
        return;
      }
    }
    const lines = await fetchPlantIds(deps);
    deps.printer.text(lines.map((line) => `${line}\n`).join(""));
    if (file) {
      await mkdir(join(file, ".."), { recursive: true, mode: 0o700 });
      const partial = `${file}.${process.pid}.tmp`;
      await writeFile(partial, JSON.stringify({ at: now, lines } satisfies Cached), { mode: 0o600 });
      await rename(partial, file);
    }
  } catch {
    // Completion must never print an error into the user's command line.
  }
}
