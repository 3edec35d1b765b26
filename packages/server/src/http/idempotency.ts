/**
 * Idempotency-Key for POSTs: the first response to a key is kept (sealed) for 24 hours and replayed for the
 * same request; the same key with a different request is a 409 IDEMPOTENCY_KEY_REUSED.
 *
 * Crash safety: a route that answers through `replyOnce` writes its effect and the stored response in one
 * SQLite transaction, so after a crash a key is either complete (replayed) or was never acted on. The
 * in-flight marker carries this process's boot id; a marker of another boot (a process that died) is
 * treated as absent. A replay of a reply that carried credentials (provision, rotate-secret, mqtt-token)
 * is refused with 409 CREDENTIALS_SUPERSEDED once those credentials are no longer current.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../clock.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import { type CredentialStamp, isStampCurrent } from "../services/credential-stamps.ts";
import { ValidationError } from "../services/errors.ts";
import { IDEMPOTENCY_WINDOW_MS } from "../storage/idempotency-keys.ts";
import type { Store } from "../storage/store.ts";
import type { AppEnv } from "./env.ts";
import { HttpError } from "./errors.ts";

// Headers worth replaying; X-Request-Id is the retry's own.
const REPLAYED_HEADERS = ["content-type", "content-disposition", "cache-control", "location"];

/** This process's boot id: in-flight markers of any other boot were left by a process that is gone. */
const PROCESS_BOOT_ID = randomUUID();

export interface IdempotencyDeps {
  store: Store;
  clock: Clock;
  secretBox: SecretBox;
  /** How long a retry waits for the first request with its key to finish, in ms. */
  waitForInFlightMs?: number;
  /** Marks this process's in-flight keys; tests pass one per simulated restart. */
  bootId?: string;
}

/** The keyed request being handled, for `replyOnce`. */
interface KeyedRequest {
  store: Store;
  secretBox: SecretBox;
  tokenId: string;
  key: string;
  /** Set once `replyOnce` stored the response with the effect. */
  completed: boolean;
}

const keyedRequest = new AsyncLocalStorage<KeyedRequest>();

function keyReused(message: string): HttpError {
  return new HttpError(409, "IDEMPOTENCY_KEY_REUSED", message);
}

function superseded(): HttpError {
  return new HttpError(
    409,
    "CREDENTIALS_SUPERSEDED",
    "The credentials this Idempotency-Key's first request issued are no longer current (re-provisioned, " +
      "rotated, revoked or expired): GET /plants/{id}/provision/download returns the current package; " +
      "send a new key to issue new credentials",
  );
}

export interface ReplyOnceOptions<T> {
  headers?: Record<string, string>;
  /** For replies that carry credentials: which ones (read inside the effect's transaction). */
  credentials?: (body: T) => CredentialStamp;
}

/**
 * Runs `effect` (synchronous: its writes and the reply) in one transaction together with storing the
 * reply under the request's Idempotency-Key, and answers it as JSON. Without a key it just runs.
 *
 * @example return replyOnce(c, 201, () => plantView(plants.create(principal, input)));
 */
export function replyOnce<T>(
  c: Context<AppEnv>,
  status: 200 | 201,
  effect: () => T,
  options: ReplyOnceOptions<T> = {},
): Response {
  const keyed = keyedRequest.getStore();
  const headers = { "content-type": "application/json", ...options.headers };
  if (!keyed) return c.body(JSON.stringify(effect()), status, headers);
  const text = keyed.store.transaction(() => {
    const body = effect();
    const text = JSON.stringify(body);
    const stamp = options.credentials?.(body);
    keyed.store.idempotencyKeys.complete(keyed.tokenId, keyed.key, {
      statusCode: status,
      headers: replayedHeaders(new Headers(headers)),
      sealedBody: keyed.secretBox.seal(text),
      credentialStamp: stamp ? JSON.stringify(stamp) : null,
    });
    return text;
  });
  keyed.completed = true;
  return c.body(text, status, headers);
}

function replayedHeaders(from: Headers): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = from.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** Must run after bearer auth: keys are scoped to the token that sent them. */
export function idempotency(deps: IdempotencyDeps): MiddlewareHandler<AppEnv> {
  const waitMs = deps.waitForInFlightMs ?? 10_000;
  const bootId = deps.bootId ?? PROCESS_BOOT_ID;
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw new ValidationError([{ path: "Idempotency-Key", message: "must be 1 to 255 characters" }]);
    }
    const { tokenId, organizationId } = c.get("principal");
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(body)
      .digest("hex");

    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = deps.clock.now();
      const existing = deps.store.idempotencyKeys.find(tokenId, key);
      if (existing && now.getTime() - Date.parse(existing.createdAt) > IDEMPOTENCY_WINDOW_MS) {
        deps.store.idempotencyKeys.release(tokenId, key);
        continue;
      }
      if (existing) {
        if (existing.requestHash !== requestHash) {
          throw keyReused(
            `Idempotency-Key was already used for a different request (${existing.requestMethod} ${existing.requestPath})`,
          );
        }
        if (existing.statusCode !== null && existing.sealedResponse !== null) {
          if (
            existing.credentialStamp !== null &&
            !isStampCurrent(deps.store, deps.clock, JSON.parse(existing.credentialStamp) as CredentialStamp)
          ) {
            throw superseded();
          }
          const headers = new Headers(existing.responseHeaders ?? {});
          headers.set("Idempotent-Replayed", "true");
          return c.body(
            deps.secretBox.open(existing.sealedResponse),
            existing.statusCode as 200,
            Object.fromEntries(headers),
          );
        }
        // A marker of another boot: that process died before committing anything for this key.
        if (existing.bootId !== bootId && deps.store.idempotencyKeys.releaseAbandoned(tokenId, key, bootId)) {
          continue;
        }
        if (Date.now() >= deadline)
          throw keyReused("A request with this Idempotency-Key is still in progress");
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      const claimed = deps.store.idempotencyKeys.claim({
        tokenId,
        organizationId,
        key,
        requestMethod: c.req.method,
        requestPath: c.req.path,
        requestHash,
        bootId,
        createdAt: now.toISOString(),
      });
      if (claimed) break;
    }

    const keyed: KeyedRequest = {
      store: deps.store,
      secretBox: deps.secretBox,
      tokenId,
      key,
      completed: false,
    };
    await keyedRequest.run(keyed, next);
    if (keyed.completed) return;
    if (c.res.status >= 500) {
      // A failure is not an answer worth keeping: let a retry run the request again.
      deps.store.idempotencyKeys.release(tokenId, key);
      return;
    }
    // Routes that do not answer through replyOnce: the response is stored after the fact.
    const responseBody = await c.res.clone().text();
    deps.store.idempotencyKeys.complete(tokenId, key, {
      statusCode: c.res.status,
      headers: replayedHeaders(c.res.headers),
      sealedBody: deps.secretBox.seal(responseBody),
    });
  };
}
