/**
 * The commands table: each command sent to a plant and its delivery state, QUEUED → SENT → SUCCEEDED |
 * FAILED, or TIMED_OUT (no ack) / EXPIRED (never sent). Every state change only moves from the state it
 * expects, so a late or repeated event never rewrites a finished command.
 */
import type { ApiSchemas } from "../api-schemas.ts";
import type { Database } from "./database.ts";
import { jsonOrNull, type Row, text, textOrNull, toJson } from "./rows.ts";

export type CommandStatus = ApiSchemas["CommandStatus"];
/** What the device said in its ack. */
export type CommandResponseStatus = NonNullable<ApiSchemas["Command"]["responseStatus"]>;

export interface CommandRecord {
  id: string;
  plantId: string;
  /** The id the device sees in the command message and echoes in its ack. */
  cmdId: string;
  command: string;
  payload: Record<string, unknown> | null;
  target: string | null;
  status: CommandStatus;
  createdAt: string;
  sentAt: string | null;
  ackedAt: string | null;
  responseStatus: CommandResponseStatus | null;
  response: Record<string, unknown> | null;
  /** When a command still QUEUED becomes EXPIRED. */
  expiresAt: string;
}

/** A device's acknowledgement of a SENT command. */
export interface CommandAck {
  ackedAt: string;
  responseStatus: CommandResponseStatus;
  response: Record<string, unknown> | null;
}

export interface CommandStore {
  /** Stores a new command (normally QUEUED). */
  insert(command: CommandRecord): void;
  findById(id: string): CommandRecord | undefined;
  /** The command a device's ack names. */
  findByCmdId(cmdId: string): CommandRecord | undefined;
  /** One page of a plant's commands, oldest first (createdAt, then id), with the total. */
  listForPlant(
    plantId: string,
    page: { offset: number; limit: number },
  ): { items: CommandRecord[]; total: number };
  /** The plant's commands still QUEUED whose expiresAt is after `now`, oldest first: what to deliver. */
  listQueuedForPlant(plantId: string, now: string): CommandRecord[];
  /** QUEUED → SENT at `sentAt`; false when the command was not QUEUED (already sent, expired…). */
  markSent(id: string, sentAt: string): boolean;
  /** SENT → QUEUED (the publish never reached the plant; deliver again later); false when not SENT. */
  requeue(id: string): boolean;
  /** SENT → SUCCEEDED with the device's ack; false when not SENT. */
  markSucceeded(id: string, ack: CommandAck): boolean;
  /** SENT → FAILED with the device's ack; false when not SENT. */
  markFailed(id: string, ack: CommandAck): boolean;
  /** SENT → TIMED_OUT; false when not SENT. */
  markTimedOut(id: string): boolean;
  /** QUEUED → EXPIRED; false when not QUEUED. */
  markExpired(id: string): boolean;
  /** Every SENT command with sentAt at or before `sentBefore` → TIMED_OUT; returns how many. */
  timeOutSentBefore(sentBefore: string): number;
  /** Every QUEUED command with expiresAt at or before `now` → EXPIRED; returns how many. */
  expireQueuedBefore(now: string): number;
  /** timeOutSentBefore, returning the commands it timed out (for their events). */
  timeOutSentBeforeListed(sentBefore: string): CommandRecord[];
  /** expireQueuedBefore, returning the commands it expired (for their events). */
  expireQueuedBeforeListed(now: string): CommandRecord[];
}

export function createCommandStore(db: Database): CommandStore {
  const insert = db.sqlite.prepare(
    `INSERT INTO commands (id, plant_id, cmd_id, command, payload, target, status, sent_at, acked_at,
       response_status, response, created_at, expires_at)
     VALUES (:id, :plantId, :cmdId, :command, :payload, :target, :status, :sentAt, :ackedAt,
       :responseStatus, :response, :createdAt, :expiresAt)`,
  );
  const byId = db.sqlite.prepare("SELECT * FROM commands WHERE id = ?");
  const byCmdId = db.sqlite.prepare("SELECT * FROM commands WHERE cmd_id = ?");
  const countForPlant = db.sqlite.prepare("SELECT COUNT(*) AS n FROM commands WHERE plant_id = ?");
  const pageForPlant = db.sqlite.prepare(
    "SELECT * FROM commands WHERE plant_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
  );
  const queuedForPlant = db.sqlite.prepare(
    `SELECT * FROM commands WHERE plant_id = ? AND status = 'QUEUED' AND expires_at > ?
     ORDER BY created_at, id`,
  );
  const sent = db.sqlite.prepare(
    "UPDATE commands SET status = 'SENT', sent_at = ? WHERE id = ? AND status = 'QUEUED'",
  );
  const requeue = db.sqlite.prepare(
    "UPDATE commands SET status = 'QUEUED', sent_at = NULL WHERE id = ? AND status = 'SENT'",
  );
  const acked = db.sqlite.prepare(
    `UPDATE commands SET status = :status, acked_at = :ackedAt, response_status = :responseStatus,
       response = :response
     WHERE id = :id AND status = 'SENT'`,
  );
  const timedOut = db.sqlite.prepare(
    "UPDATE commands SET status = 'TIMED_OUT' WHERE id = ? AND status = 'SENT'",
  );
  const expired = db.sqlite.prepare(
    "UPDATE commands SET status = 'EXPIRED' WHERE id = ? AND status = 'QUEUED'",
  );
  const timeOutBefore = db.sqlite.prepare(
    "UPDATE commands SET status = 'TIMED_OUT' WHERE status = 'SENT' AND sent_at <= ?",
  );
  const expireBefore = db.sqlite.prepare(
    "UPDATE commands SET status = 'EXPIRED' WHERE status = 'QUEUED' AND expires_at <= ?",
  );

  const timeOutBeforeListed = db.sqlite.prepare(
    "UPDATE commands SET status = 'TIMED_OUT' WHERE status = 'SENT' AND sent_at <= ? RETURNING *",
  );
  const expireBeforeListed = db.sqlite.prepare(
    "UPDATE commands SET status = 'EXPIRED' WHERE status = 'QUEUED' AND expires_at <= ? RETURNING *",
  );

  const changed = (result: { changes: number | bigint }) => Number(result.changes) > 0;
  const recordAck = (id: string, status: "SUCCEEDED" | "FAILED", ack: CommandAck) =>
    changed(
      acked.run({
        id,
        status,
        ackedAt: ack.ackedAt,
        responseStatus: ack.responseStatus,
        response: toJson(ack.response),
      }),
    );

  return {
    insert: (command) => {
      insert.run({ ...command, payload: toJson(command.payload), response: toJson(command.response) });
    },
    findById: (id) => {
      const row = byId.get(id) as Row | undefined;
      return row ? toCommand(row) : undefined;
    },
    findByCmdId: (cmdId) => {
      const row = byCmdId.get(cmdId) as Row | undefined;
      return row ? toCommand(row) : undefined;
    },
    listForPlant: (plantId, page) => {
      const total = countForPlant.get(plantId) as Row;
      const rows = pageForPlant.all(plantId, page.limit, page.offset) as Row[];
      return { items: rows.map(toCommand), total: Number(total.n) };
    },
    listQueuedForPlant: (plantId, now) => (queuedForPlant.all(plantId, now) as Row[]).map(toCommand),
    markSent: (id, sentAt) => changed(sent.run(sentAt, id)),
    requeue: (id) => changed(requeue.run(id)),
    markSucceeded: (id, ack) => recordAck(id, "SUCCEEDED", ack),
    markFailed: (id, ack) => recordAck(id, "FAILED", ack),
    markTimedOut: (id) => changed(timedOut.run(id)),
    markExpired: (id) => changed(expired.run(id)),
    timeOutSentBefore: (sentBefore) => Number(timeOutBefore.run(sentBefore).changes),
    expireQueuedBefore: (now) => Number(expireBefore.run(now).changes),
    timeOutSentBeforeListed: (sentBefore) => (timeOutBeforeListed.all(sentBefore) as Row[]).map(toCommand),
    expireQueuedBeforeListed: (now) => (expireBeforeListed.all(now) as Row[]).map(toCommand),
  };
}

function toCommand(row: Row): CommandRecord {
  return {
    id: text(row, "id"),
    plantId: text(row, "plant_id"),
    cmdId: text(row, "cmd_id"),
    command: text(row, "command"),
    payload: jsonOrNull<Record<string, unknown>>(row, "payload"),
    target: textOrNull(row, "target"),
    status: text(row, "status") as CommandStatus,
    createdAt: text(row, "created_at"),
    sentAt: textOrNull(row, "sent_at"),
    ackedAt: textOrNull(row, "acked_at"),
    responseStatus: textOrNull(row, "response_status") as CommandResponseStatus | null,
    response: jsonOrNull<Record<string, unknown>>(row, "response"),
    expiresAt: text(row, "expires_at"),
  };
}
