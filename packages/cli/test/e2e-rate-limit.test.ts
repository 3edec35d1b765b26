/**
 * Rate limits are waited out, not failed: against a server with VOKE_RATE_LIMIT_RPS=5 a bulk run of
 * the real `voke` finishes with exit 0, and parallel SDK calls all succeed (Retry-After plus jitter,
 * on the 429 retry budget).
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createVokeClient } from "@voke/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRASH_TOKEN, type CrashWorld, fleetCsv, results, startCrashWorld } from "./crash-support.ts";

let world: CrashWorld;
beforeAll(async () => {
  world = await startCrashWorld({ VOKE_RATE_LIMIT_RPS: "5" });
});
afterAll(async () => {
  await world?.close();
});

describe("against a rate-limited server (5 requests/s per token)", () => {
  it("a bulk run waits out the 429s and exits 0 with every row created", async () => {
    const file = join(world.dir, "limited.csv");
    writeFileSync(file, fleetCsv("LIMITED", 24));
    const run = await world.voke(["plants", "create", "--from-file", file, "--concurrency", "8"]);
    expect(run.stderr).not.toContain("RATE_LIMITED");
    expect(run.code).toBe(0);
    expect(results(run.stdout).map((row) => row.status)).toEqual(Array(24).fill("created"));
  });

  it("20 parallel SDK calls all succeed", async () => {
    const client = createVokeClient({ baseUrl: world.httpUrl, token: CRASH_TOKEN });
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => client.plants.list()));
    expect(settled.filter((outcome) => outcome.status === "rejected")).toEqual([]);
  });
});
