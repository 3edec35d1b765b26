/**
 * Makes refusals visible without letting them cost much: each is added to its plant's per-reason counters
 * (written in batches, through the plant refusal service) and to an aggregate that is logged at warn level once
 * per interval — one line per plant and reason, with a count — however many there were.
 */
import type { AuthRefusal, MessageRefusal } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { RefusalKind, RefusalTally } from "../storage/plant-refusals.ts";
import type { WriteBatch } from "./write-batch.ts";

/** Why a connection was dropped before any plant could be named. */
export type ConnectionDrop =
  | "TLS_HANDSHAKE_FAILED"
  | "SOURCE_THROTTLED"
  | "CONNECTION_LIMIT"
  | "PACKET_TOO_LARGE"
  | "MALFORMED_PACKET";

export interface RefusalRecorder {
  /**
   * A refused CONNECT. `counted` is false once the plant's failure budget for the window is spent: the refusal is
   * then only in the log line's count, so a flood cannot raise the plant's counters without bound.
   */
  authentication(plantId: string | undefined, reason: AuthRefusal, counted: boolean): void;
  /** A refused message (publish or subscribe) of a connected plant. */
  message(plantId: string, reason: MessageRefusal): void;
  /** A connection dropped before it named a plant. */
  connection(reason: ConnectionDrop): void;
  /** Logs what was refused since the last report, one warn line per plant and reason. */
  report(): void;
}

/** Where the counts go: the plant refusal service's `record`. */
export type RecordRefusals = (tallies: readonly RefusalTally[]) => void;

interface Aggregate {
  kind: RefusalKind | "CONNECTION";
  plantId: string | undefined;
  reason: string;
  count: number;
}

export function createRefusalRecorder(deps: {
  record: RecordRefusals;
  batch: WriteBatch;
  clock: Clock;
  logger: Logger;
}): RefusalRecorder {
  const { batch, clock, logger } = deps;
  let pending = new Map<string, RefusalTally>();
  let logged = new Map<string, Aggregate>();

  const write = () => {
    const tallies = [...pending.values()];
    pending = new Map();
    deps.record(tallies);
  };
  const count = (plantId: string, kind: RefusalKind, reason: string) => {
    if (pending.size === 0) batch.add(write);
    const key = `${plantId} ${kind} ${reason}`;
    const at = clock.now().toISOString();
    const tally = pending.get(key);
    if (tally) {
      tally.count++;
      tally.at = at;
    } else pending.set(key, { plantId, kind, reason, count: 1, at });
  };
  const aggregate = (kind: Aggregate["kind"], plantId: string | undefined, reason: string) => {
    const key = `${plantId} ${kind} ${reason}`;
    const entry = logged.get(key);
    if (entry) entry.count++;
    else logged.set(key, { kind, plantId, reason, count: 1 });
  };

  return {
    authentication(plantId, reason, counted) {
      aggregate("AUTHENTICATION", plantId, reason);
      if (plantId !== undefined && counted) count(plantId, "AUTHENTICATION", reason);
    },
    message(plantId, reason) {
      aggregate("MESSAGE", plantId, reason);
      count(plantId, "MESSAGE", reason);
    },
    connection(reason) {
      aggregate("CONNECTION", undefined, reason);
    },
    report() {
      if (logged.size === 0) return;
      const entries = logged;
      logged = new Map();
      for (const { kind, plantId, reason, count } of entries.values()) {
        logger.warn("mqtt refusals", { kind, plantId, reason, count });
      }
    },
  };
}
