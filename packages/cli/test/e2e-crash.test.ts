/**
 * The crash suite: the real server process, the real `voke` bundle, and `kill -9` of either in the
 * middle of a bulk `--provision` run or of keyed POSTs. After a restart and a re-run every serial
 * exists exactly once, every package file on disk holds its plant's current credentials, and no
 * re-run revokes a certificate or replaces a secret of a plant that already had them.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CRASH_TOKEN,
  type CrashWorld,
  fleetCsv,
  packagesIn,
  results,
  type ServerPlant,
  staleness,
  startCrashWorld,
} from "./crash-support.ts";

let world: CrashWorld;
beforeAll(async () => {
  world = await startCrashWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Runs `voke args` and kills `victim` once `afterRows` results are out; resolves with voke's output. */
async function killMidRun(args: string[], afterRows: number, victim: "voke" | "server") {
  const child = world.spawnVoke(args);
  let stdout = "";
  let stderr = "";
  let killed = false;
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (killed || stdout.split("\n").length <= afterRows) return;
    killed = true;
    if (victim === "voke") child.kill("SIGKILL");
    else void world.killServer();
  });
  const code = await exited;
  expect(killed).toBe(true);
  return { code, stdout: stdout.slice(0, stdout.lastIndexOf("\n") + 1), stderr };
}

/** Every serial once on the server, every file in `dir` current; returns the plants. */
async function expectAllCurrent(dir: string, serials: string[]): Promise<Map<string, ServerPlant>> {
  const plants = await world.plants();
  const files = packagesIn(dir);
  for (const serial of serials) {
    const plant = plants.get(serial);
    expect(plant, serial).toBeDefined();
    const pkg = files.get(serial);
    expect(pkg, `package of ${serial}`).toBeDefined();
    if (!plant || !pkg) continue;
    expect([serial, staleness(pkg, plant)]).toEqual([serial, undefined]);
    if (plant.authMethod !== "MTLS") {
      expect((await world.currentPackage(plant.id)).security.hmacSecret).toBe(pkg.security.hmacSecret);
    }
  }
  expect(files.size).toBe(serials.length);
  return plants;
}

/**
 * The credentials of each plant that has some: its certificate, and its secret as the current package
 * holds it (provisioning also bumps updatedAt).
 */
async function credentialsOf(plants: Map<string, ServerPlant>, serials: string[]) {
  const held = serials
    .map((serial) => plants.get(serial))
    .filter((plant): plant is ServerPlant => plant !== undefined && plant.lifecycleStatus !== "PENDING");
  return Promise.all(
    held.map(async (plant) => [
      plant.serialNumber,
      plant.certificateSerialNumber,
      plant.certificateFingerprint,
      plant.updatedAt,
      (await world.currentPackage(plant.id)).security.hmacSecret,
    ]),
  );
}

const serialsOf = (prefix: string, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(from + i).padStart(4, "0")}`);

describe("crash suite", () => {
  const total = 40;
  const file = () => join(world.dir, "fleet.csv");
  const args = (outDir: string, csv = file()) => [
    "plants",
    "create",
    "--from-file",
    csv,
    "--provision",
    "--out-dir",
    join(world.dir, outDir),
  ];

  it("(a) server killed mid-bulk: voke stops at once saying how to resume; the re-run finishes without re-issuing", async () => {
    writeFileSync(file(), fleetCsv("CRASH", total));
    const started = Date.now();
    const first = await killMidRun(args("run1"), 8, "server");
    // Item 5: the server is gone, so voke stops (exit 1) with one line saying how to resume.
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("run the same command again to resume");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(results(first.stdout).length).toBeLessThan(total);

    await world.restartServer();
    const before = await credentialsOf(await world.plants(), serialsOf("CRASH", total));
    // The kill landed mid-run: some plants had credentials, not all.
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(total);
    const rerun = await world.voke(args("run1"));
    expect(rerun.stderr).not.toContain("still in progress");
    expect(rerun.code).toBe(0);
    expect(results(rerun.stdout)).toHaveLength(total);
    const plants = await expectAllCurrent(join(world.dir, "run1"), serialsOf("CRASH", total));
    // No plant that had credentials before the re-run got new ones (nothing revoked, no secret replaced).
    const after = await credentialsOf(plants, serialsOf("CRASH", total));
    for (const entry of before) expect(after).toContainEqual(entry);
  });

  it("(b) voke killed mid-bulk: the re-run finishes every row once, every package current", async () => {
    const csv = join(world.dir, "fleet-b.csv");
    writeFileSync(csv, fleetCsv("KILLB", total));
    const first = await killMidRun(args("run-b", csv), 8, "voke");
    expect(first.code).toBeNull();
    const before = await credentialsOf(await world.plants(), serialsOf("KILLB", total));
    expect(before.length).toBeGreaterThan(0);
    const rerun = await world.voke(args("run-b", csv));
    expect(rerun.code).toBe(0);
    const rows = results(rerun.stdout);
    expect(rows.map((row) => row.row).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    const plants = await expectAllCurrent(join(world.dir, "run-b"), serialsOf("KILLB", total));
    const after = await credentialsOf(plants, serialsOf("KILLB", total));
    for (const entry of before) expect(after).toContainEqual(entry);
  });

  it("(c) a subset and a superset file into fresh directories change no existing credentials", async () => {
    const serials = serialsOf("CRASH", total);
    const before = await credentialsOf(await world.plants(), serials);
    expect(before).toHaveLength(total);

    const subset = join(world.dir, "subset.csv");
    writeFileSync(subset, fleetCsv("CRASH", 2));
    const small = await world.voke(args("fresh-subset", subset));
    expect(small.code).toBe(0);
    expect(results(small.stdout).map((row) => row.status)).toEqual(["downloaded", "downloaded"]);

    const superset = join(world.dir, "superset.csv");
    writeFileSync(superset, fleetCsv("CRASH", total + 3));
    const big = await world.voke(args("fresh-superset", superset));
    expect(big.code).toBe(0);
    const statuses = new Map(results(big.stdout).map((row) => [row.serialNumber, row.status]));
    for (const serial of serials) expect([serial, statuses.get(serial)]).toEqual([serial, "downloaded"]);
    for (const serial of serialsOf("CRASH", 3, total + 1)) expect(statuses.get(serial)).toBe("provisioned");

    const after = await world.plants();
    expect(await credentialsOf(after, serials)).toEqual(before);
    // Every file in every directory is current, including the first run's.
    await expectAllCurrent(join(world.dir, "run1"), serials);
    await expectAllCurrent(join(world.dir, "fresh-subset"), serials.slice(0, 2));
    await expectAllCurrent(join(world.dir, "fresh-superset"), serialsOf("CRASH", total + 3));
  });

  it("(d) server killed while 20 clients send keyed POSTs: every unanswered one replays cleanly", async () => {
    interface Sent {
      key: string;
      body: { name: string; serialNumber: string; type: string };
    }
    const acknowledged = new Map<string, { sent: Sent; id: string }>();
    const unanswered: Sent[] = [];
    let sequence = 0;
    let killing: Promise<void> | undefined;
    const post = (sent: Sent) =>
      fetch(`${world.httpUrl}/api/v1/plants`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${CRASH_TOKEN}`,
          "content-type": "application/json",
          "idempotency-key": sent.key,
        },
        body: JSON.stringify(sent.body),
      });
    const client = async (n: number) => {
      for (;;) {
        const id = ++sequence;
        const sent = {
          key: `crash-d-${n}-${id}`,
          body: { name: `D ${id}`, serialNumber: `KEYED-${String(id).padStart(5, "0")}`, type: "SENSOR" },
        };
        try {
          const response = await post(sent);
          const body = (await response.json()) as { id: string };
          expect(response.status).toBe(201);
          acknowledged.set(sent.key, { sent, id: body.id });
          if (acknowledged.size >= 60) killing ??= world.killServer();
        } catch {
          unanswered.push(sent);
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => client(n)));
    await killing;
    expect(unanswered).toHaveLength(20);
    await world.restartServer();

    const replays = await Promise.all(
      unanswered.map(async (sent) => {
        const response = await post(sent);
        return {
          sent,
          status: response.status,
          body: (await response.json()) as { id?: string; code?: string },
        };
      }),
    );
    // Never "still in progress": each unanswered request either committed (replayed) or runs now.
    for (const replay of replays) expect([replay.sent.key, replay.status]).toEqual([replay.sent.key, 201]);
    // An acknowledged write is there, and its key still replays the same plant.
    const plants = await world.plants();
    for (const { sent, id } of acknowledged.values()) {
      expect(plants.get(sent.body.serialNumber)?.id).toBe(id);
      const again = await post(sent);
      expect(((await again.json()) as { id: string }).id).toBe(id);
    }
    // No duplicates: one plant per serial sent (listing throws on a repeated serial), ids agree.
    for (const replay of replays) expect(plants.get(replay.sent.body.serialNumber)?.id).toBe(replay.body.id);
  });
});
