/** The idempotency_keys table: first responses to POSTs sent with an Idempotency-Key, per token. */
import type { Database } from "./database.ts";
import { numberOrNull, type Row, text, textOrNull } from "./rows.ts";

/** How long a key's first response is kept and replayed (the API's documented 24 hours); older records are expired. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export interface IdempotencyKeyRecord {
  tokenId: string;
  organizationId: string;
  key: string;
  requestMethod: string;
  requestPath: string;
  requestHash: string;
  /** null while the first request is still being handled. */
  statusCode: number | null;
  responseHeaders: Record<string, string> | null;
  /** SecretBox-sealed response body: replies such as provisioning packages carry secrets. */
  sealedResponse: string | null;
  /** The server process that claimed the key (see http/idempotency.ts); null once completed. */
  bootId: string | null;
  /** JSON naming the credentials the reply carries, for replies that carry any. */
  credentialStamp: string | null;
  createdAt: string;
}

export interface CompletedResponse {
  statusCode: number;
  headers: Record<string, string>;
  sealedBody: string;
  credentialStamp?: string | null;
}

export interface IdempotencyKeyStore {
  find(tokenId: string, key: string): IdempotencyKeyRecord | undefined;
  /** Claims the key for a request in flight; false when the key is already taken. */
  claim(
    record: Omit<
      IdempotencyKeyRecord,
      "statusCode" | "responseHeaders" | "sealedResponse" | "credentialStamp"
    >,
  ): boolean;
  complete(tokenId: string, key: string, response: CompletedResponse): void;
  release(tokenId: string, key: string): void;
  /**
   * Forgets an in-flight marker left by another server process (one that crashed or was killed):
   * nothing it did was committed, so the key is free again. Returns whether a marker was removed.
   */
  releaseAbandoned(tokenId: string, key: string, bootId: string): boolean;
  /** Forgets keys created before `before`; returns how many. */
  deleteCreatedBefore(before: string): number;
}

export function createIdempotencyKeyStore(db: Database): IdempotencyKeyStore {
  const find = db.sqlite.prepare("SELECT * FROM idempotency_keys WHERE token_id = ? AND key = ?");
  const claim = db.sqlite.prepare(
    `INSERT INTO idempotency_keys (token_id, organization_id, key, request_method, request_path, request_hash, boot_id, created_at)
     VALUES (:tokenId, :organizationId, :key, :requestMethod, :requestPath, :requestHash, :bootId, :createdAt)
     ON CONFLICT (token_id, key) DO NOTHING`,
  );
  const complete = db.sqlite.prepare(
    `UPDATE idempotency_keys SET status_code = :statusCode, response_headers = :headers, sealed_response = :sealedBody,
       credential_stamp = :credentialStamp, boot_id = NULL
     WHERE token_id = :tokenId AND key = :key`,
  );
  const release = db.sqlite.prepare("DELETE FROM idempotency_keys WHERE token_id = ? AND key = ?");
  const releaseAbandoned = db.sqlite.prepare(
    `DELETE FROM idempotency_keys WHERE token_id = ? AND key = ? AND status_code IS NULL
       AND (boot_id IS NULL OR boot_id != ?)`,
  );
  const prune = db.sqlite.prepare("DELETE FROM idempotency_keys WHERE created_at < ?");
  return {
    find: (tokenId, key) => {
      const row = find.get(tokenId, key) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    claim: (record) => Number(claim.run({ ...record }).changes) > 0,
    complete: (tokenId, key, response) => {
      complete.run({
        tokenId,
        key,
        statusCode: response.statusCode,
        headers: JSON.stringify(response.headers),
        sealedBody: response.sealedBody,
        credentialStamp: response.credentialStamp ?? null,
      });
    },
    release: (tokenId, key) => {
      release.run(tokenId, key);
    },
    releaseAbandoned: (tokenId, key, bootId) =>
      Number(releaseAbandoned.run(tokenId, key, bootId).changes) > 0,
    deleteCreatedBefore: (before) => Number(prune.run(before).changes),
  };
}

function toRecord(row: Row): IdempotencyKeyRecord {
  const headers = textOrNull(row, "response_headers");
  return {
    tokenId: text(row, "token_id"),
    organizationId: text(row, "organization_id"),
    key: text(row, "key"),
    requestMethod: text(row, "request_method"),
    requestPath: text(row, "request_path"),
    requestHash: text(row, "request_hash"),
    statusCode: numberOrNull(row, "status_code"),
    responseHeaders: headers === null ? null : (JSON.parse(headers) as Record<string, string>),
    sealedResponse: textOrNull(row, "sealed_response"),
    bootId: textOrNull(row, "boot_id"),
    credentialStamp: textOrNull(row, "credential_stamp"),
    createdAt: text(row, "created_at"),
  };
}
