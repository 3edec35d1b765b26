/**
 * The telemetry tables: every telemetry message a plant sent, kept for the retention period, and its per-minute
 * summaries (telemetry_minutes) that history buckets are built from.
 *
 * A message is first appended to telemetry_recent (no secondary index, no summary: a commit of the broker's write
 * batch writes a few pages, not one per plant) and folded into telemetry and telemetry_minutes in one transaction
 * every so often. Every read unions both, so a message is visible the moment it is stored.
 */
import type { Database } from "./database.ts";
import { integer, type Row, text } from "./rows.ts";

export interface TelemetryRecord {
  plantId: string;
  /** The time the device put in the message. */
  ts: string;
  metrics: Record<string, number>;
  receivedAt: string;
}

/** One metric over one minute of device time. */
export interface MinuteSummary {
  /** YYYY-MM-DDTHH:MM (UTC). */
  minute: string;
  metric: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  lastTs: string;
  last: number;
}

export interface TelemetryStore {
  /**
   * Stores the sample (one statement: alone, or inside the caller's transaction, e.g. the broker's write batch,
   * whose commit makes it durable). Its minute summaries are computed when it is folded.
   */
  insert(record: TelemetryRecord): void;
  /**
   * Moves the staged samples into the main table and folds them into their minute summaries, all or nothing;
   * returns how many moved. Inside a caller's transaction it becomes part of it.
   */
  fold(): number;
  /** The plant's samples with from ≤ ts < to, in time order (then in the order they were stored). */
  listForPlant(plantId: string, from: string, to: string): TelemetryRecord[];
  /** One page of the plant's samples with from ≤ ts < to, in time order, and how many there are in all. */
  pageForPlant(
    plantId: string,
    from: string,
    to: string,
    page: { limit: number; offset: number },
  ): { items: TelemetryRecord[]; total: number };
  /** The plant's minute summaries for fromMinute ≤ minute < toMinute, in time order; `metrics` limits them. */
  minutesForPlant(
    plantId: string,
    fromMinute: string,
    toMinute: string,
    metrics?: readonly string[],
  ): MinuteSummary[];
  /** The plant's last sample with ts < before, if any. */
  lastBefore(plantId: string, before: string): TelemetryRecord | undefined;
  /** Drops up to `limit` of the samples received before `before` (oldest first); returns how many. */
  deleteReceivedBefore(before: string, limit: number): number;
}

export interface TelemetryStoreOptions {
  /** Staged rows that trigger a fold on the next turn of the event loop, between timed folds; 20,000. */
  foldAfterRows?: number;
}

// Both tables' rows, main rows first on an equal ts: they were all stored before any staged row.
const BOTH = (where: string) => `
  SELECT id, plant_id, ts, metrics, received_at, 0 AS staged FROM telemetry WHERE ${where}
  UNION ALL
  SELECT id, plant_id, ts, metrics, received_at, 1 AS staged FROM telemetry_recent WHERE ${where}`;

/** A minute summary still to be written, keyed by plant, minute and metric. */
interface PendingSummary extends MinuteSummary {
  plantId: string;
}

/**
 * The summaries of staged rows, in stored (id) order, computed as the per-message upsert did: `last` is the value
 * with the greatest ts, the later stored on a tie. In JS: one pass, no sort (in SQL, `last` needed a window
 * function, which made the fold ~40 % slower). ts is ASCII (ISO 8601, checked by the protocol), so `>=` orders it
 * as SQLite does.
 */
function summarize(rows: readonly Row[]): Map<string, PendingSummary> {
  const pending = new Map<string, PendingSummary>();
  for (const row of rows) {
    const plantId = row.plant_id as string;
    const ts = row.ts as string;
    const minute = ts.slice(0, 16);
    const metrics = JSON.parse(row.metrics as string) as Record<string, unknown>;
    for (const metric in metrics) {
      const value = metrics[metric];
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      const key = `${plantId}\u0000${minute}\u0000${metric}`;
      const sample = { count: 1, sum: value, min: value, max: value, lastTs: ts, last: value };
      const had = pending.get(key);
      if (had) absorb(had, sample);
      else pending.set(key, { plantId, minute, metric, ...sample });
    }
  }
  return pending;
}

/**
 * Folds `add` into `into` as the summary upsert does in SQL: counts and sums add up, min and max widen, and
 * `last` is the value with the greater ts, `add`'s on a tie (it was stored later).
 */
function absorb(into: MinuteSummary, add: Omit<MinuteSummary, "minute" | "metric">): void {
  into.count += add.count;
  into.sum += add.sum;
  if (add.min < into.min) into.min = add.min;
  if (add.max > into.max) into.max = add.max;
  if (add.lastTs >= into.lastTs) {
    into.lastTs = add.lastTs;
    into.last = add.last;
  }
}

export function createTelemetryStore(db: Database, options: TelemetryStoreOptions = {}): TelemetryStore {
  const foldAfterRows = options.foldAfterRows ?? 20_000;
  const sql = db.sqlite;
  const insert = sql.prepare(
    "INSERT INTO telemetry_recent (plant_id, ts, metrics, received_at) VALUES (?, ?, ?, ?)",
  );
  const moveStaged = sql.prepare(
    `INSERT INTO telemetry (plant_id, ts, metrics, received_at)
       SELECT plant_id, ts, metrics, received_at FROM telemetry_recent ORDER BY id`,
  );
  const selectStaged = sql.prepare("SELECT plant_id, ts, metrics FROM telemetry_recent ORDER BY id");
  const selectStagedOf = sql.prepare(
    "SELECT plant_id, ts, metrics FROM telemetry_recent WHERE plant_id = ? AND substr(ts, 1, 16) >= ? AND substr(ts, 1, 16) < ? ORDER BY id",
  );
  const upsertSummary = sql.prepare(
    `INSERT INTO telemetry_minutes (plant_id, minute, metric, count, sum, min, max, last_ts, last)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (plant_id, minute, metric) DO UPDATE SET
       count = count + excluded.count, sum = sum + excluded.sum,
       min = min(min, excluded.min), max = max(max, excluded.max),
       last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
       last_ts = max(last_ts, excluded.last_ts)`,
  );
  const clearStaged = sql.prepare("DELETE FROM telemetry_recent");
  const countStaged = sql.prepare("SELECT count(*) AS n FROM telemetry_recent");
  const inRange = "plant_id = ? AND ts >= ? AND ts < ?";
  const between = sql.prepare(`SELECT * FROM (${BOTH(inRange)}) ORDER BY ts, staged, id`);
  const page = sql.prepare(`SELECT * FROM (${BOTH(inRange)}) ORDER BY ts, staged, id LIMIT ? OFFSET ?`);
  const count = sql.prepare(
    `SELECT (SELECT COUNT(*) FROM telemetry WHERE ${inRange})
          + (SELECT COUNT(*) FROM telemetry_recent WHERE ${inRange}) AS total`,
  );
  const metricFilter = "(? IS NULL OR metric IN (SELECT value FROM json_each(?)))";
  const minutes = sql.prepare(
    `SELECT * FROM telemetry_minutes WHERE plant_id = ? AND minute >= ? AND minute < ? AND ${metricFilter}
     ORDER BY minute, metric`,
  );
  // Each side's last through its own index (the staged side is small), then the later of the two.
  const lastBefore = sql.prepare(
    `SELECT * FROM (SELECT *, 0 AS staged FROM telemetry WHERE plant_id = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT 1)
     UNION ALL
     SELECT * FROM (SELECT *, 1 AS staged FROM telemetry_recent WHERE plant_id = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT 1)
     ORDER BY ts DESC, staged DESC, id DESC LIMIT 1`,
  );
  // Bounded, so a large backlog is deleted in short statements that never hold the event loop for long.
  const prune = sql.prepare(
    `DELETE FROM telemetry WHERE id IN
       (SELECT id FROM telemetry WHERE received_at < ? ORDER BY received_at LIMIT ?)`,
  );
  const pruneMinutes = sql.prepare(
    `DELETE FROM telemetry_minutes WHERE (plant_id, minute, metric) IN
       (SELECT plant_id, minute, metric FROM telemetry_minutes WHERE minute < ? ORDER BY minute LIMIT ?)`,
  );

  // Rows staged since the last fold (an over-count after a rolled-back batch, which only folds sooner).
  let staged = Number((countStaged.get() as Row).n);
  let foldScheduled = false;
  const fold = () =>
    db.transaction(() => {
      const rows = selectStaged.all() as Row[];
      if (rows.length > 0) {
        moveStaged.run();
        for (const summary of summarize(rows).values()) {
          const { plantId, minute, metric, count, sum, min, max, lastTs, last } = summary;
          upsertSummary.run(plantId, minute, metric, count, sum, min, max, lastTs, last);
        }
        clearStaged.run();
      }
      staged = 0;
      return rows.length;
    });
  const foldSoon = () => {
    foldScheduled = false;
    // A failure leaves the rows staged and readable; the next timed fold retries and reports it.
    if (sql.isOpen && !sql.isTransaction) {
      try {
        fold();
      } catch {}
    }
  };

  return {
    insert: (record) => {
      // Positional parameters: node:sqlite binds them without looking names up per call.
      insert.run(record.plantId, record.ts, JSON.stringify(record.metrics), record.receivedAt);
      // Not inside the caller's transaction (the write batch): it would make that commit the big one.
      if (++staged >= foldAfterRows && !foldScheduled) {
        foldScheduled = true;
        setImmediate(foldSoon).unref();
      }
    },
    fold,
    listForPlant: (plantId, from, to) =>
      (between.all(plantId, from, to, plantId, from, to) as Row[]).map(toTelemetry),
    pageForPlant: (plantId, from, to, { limit, offset }) => ({
      items: (page.all(plantId, from, to, plantId, from, to, limit, offset) as Row[]).map(toTelemetry),
      total: integer(count.get(plantId, from, to, plantId, from, to) as Row, "total"),
    }),
    minutesForPlant: (plantId, fromMinute, toMinute, metrics) => {
      const list = metrics ? JSON.stringify(metrics) : null;
      const folded = (minutes.all(plantId, fromMinute, toMinute, list, list) as Row[]).map(toSummary);
      // The staged rows of the minutes asked for, summarised as the fold will summarise them.
      const staged = selectStagedOf.all(plantId, fromMinute, toMinute) as Row[];
      const pending = [...summarize(staged).values()].filter(
        (summary) => !metrics || metrics.includes(summary.metric),
      );
      if (pending.length === 0) return folded;
      // Merged as the fold's upsert would merge them, so the answer is the same before and after a fold.
      const byKey = new Map(folded.map((summary) => [`${summary.minute} ${summary.metric}`, summary]));
      for (const { plantId: _, ...add } of pending) {
        const key = `${add.minute} ${add.metric}`;
        const had = byKey.get(key);
        if (had) absorb(had, add);
        else byKey.set(key, add);
      }
      return [...byKey.values()].sort((a, b) =>
        a.minute === b.minute ? compare(a.metric, b.metric) : compare(a.minute, b.minute),
      );
    },
    lastBefore: (plantId, before) => {
      const row = lastBefore.get(plantId, before, plantId, before) as Row | undefined;
      return row ? toTelemetry(row) : undefined;
    },
    deleteReceivedBefore: (before, limit) => {
      // Folded first: a staged sample's share of its minute summary outlives the sample, as a folded one's does.
      fold();
      // Summaries go with the raw points (by device minute, close enough for a retention of days).
      pruneMinutes.run(before.slice(0, 16), limit);
      return Number(prune.run(before, limit).changes);
    },
  };
}

// SQLite's ORDER BY on TEXT compares UTF-8 bytes (BINARY); `<` on strings compares UTF-16 code units.
const compare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function toSummary(row: Row): MinuteSummary {
  return {
    minute: text(row, "minute"),
    metric: text(row, "metric"),
    count: integer(row, "count"),
    sum: row.sum as number,
    min: row.min as number,
    max: row.max as number,
    lastTs: text(row, "last_ts"),
    last: row.last as number,
  };
}

function toTelemetry(row: Row): TelemetryRecord {
  return {
    plantId: text(row, "plant_id"),
    ts: text(row, "ts"),
    metrics: JSON.parse(text(row, "metrics")) as Record<string, number>,
    receivedAt: text(row, "received_at"),
  };
}
