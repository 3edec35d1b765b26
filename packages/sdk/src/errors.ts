/**
 * Typed errors thrown by the Voke client. Every failure is a `VokeError`; API replies that are not
 * 2xx are `VokeApiError` (one subclass per status family), network failures `VokeConnectionError`,
 * timeouts `VokeTimeoutError`.
 *
 * `instanceof` works across copies of this module (two bundled SDK versions, CJS/ESM twins):
 * each class checks a brand kept under a global symbol instead of the prototype chain.
 */

const BRAND = Symbol.for("@voke/sdk/error-kind");

type ErrorKind =
  | "VokeError"
  | "VokeApiError"
  | "BadRequestError"
  | "AuthenticationError"
  | "PermissionDeniedError"
  | "NotFoundError"
  | "ConflictError"
  | "PayloadTooLargeError"
  | "RateLimitError"
  | "InternalServerError"
  | "VokeConnectionError"
  | "VokeTimeoutError";

function brandsOf(value: unknown): readonly ErrorKind[] {
  if (typeof value !== "object" || value === null) return [];
  const brands = (value as Record<symbol, unknown>)[BRAND];
  return Array.isArray(brands) ? (brands as ErrorKind[]) : [];
}

function brand(target: object, kinds: ErrorKind[]): void {
  Object.defineProperty(target, BRAND, { value: kinds, enumerable: false });
}

/** Base class of every error the SDK throws. */
export class VokeError extends Error {
  static readonly kind: ErrorKind = "VokeError";

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (a subclass too).
    return brandsOf(value).includes(this.kind);
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    const kinds: ErrorKind[] = [];
    for (let c = new.target as unknown as { kind?: ErrorKind }; c?.kind; c = Object.getPrototypeOf(c)) {
      if (!kinds.includes(c.kind)) kinds.push(c.kind);
    }
    brand(this, kinds);
  }
}

/** The body every Voke API error reply carries. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: unknown;
}

export interface VokeApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string | undefined;
  headers?: Headers;
  /** 429 only: how long the server asked the client to wait (from `Retry-After`). */
  retryAfterMs?: number | undefined;
}

/**
 * The API answered with a non-2xx status. `code` is the API's machine-readable code; `Code` narrows it,
 * e.g. `OperationError<"createPlant">` (see error-codes.ts) for the codes the spec lists for a call.
 */
export class VokeApiError<Code extends string = string> extends VokeError {
  static override readonly kind: ErrorKind = "VokeApiError";
  readonly status: number;
  readonly code: Code;
  readonly details: unknown;
  readonly requestId: string | undefined;
  readonly headers: Headers | undefined;

  constructor(init: VokeApiErrorInit) {
    super(init.message);
    this.status = init.status;
    // The server's code, whatever it is; `Code` is the caller's claim about which call failed.
    this.code = init.code as Code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** 400: the request was rejected (validation, lifecycle rule, bad UUID). */
export class BadRequestError extends VokeApiError {
  static override readonly kind: ErrorKind = "BadRequestError";
}
/** 401: missing or unknown token. */
export class AuthenticationError extends VokeApiError {
  static override readonly kind: ErrorKind = "AuthenticationError";
}
/** 403: the token's role may not do this. */
export class PermissionDeniedError extends VokeApiError {
  static override readonly kind: ErrorKind = "PermissionDeniedError";
}
/** 404: no such resource in the caller's organization. */
export class NotFoundError extends VokeApiError {
  static override readonly kind: ErrorKind = "NotFoundError";
}
/** 409: duplicate (serial number) or an Idempotency-Key reused with another body. */
export class ConflictError extends VokeApiError {
  static override readonly kind: ErrorKind = "ConflictError";
}
/** 413: the request body is over the server's limit. */
export class PayloadTooLargeError extends VokeApiError {
  static override readonly kind: ErrorKind = "PayloadTooLargeError";
}
/** 429: slow down; `retryAfterMs` says how long the server asked for, when it did. */
export class RateLimitError extends VokeApiError {
  static override readonly kind: ErrorKind = "RateLimitError";
  readonly retryAfterMs: number | undefined;

  constructor(init: VokeApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx: the server failed. */
export class InternalServerError extends VokeApiError {
  static override readonly kind: ErrorKind = "InternalServerError";
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS). */
export class VokeConnectionError extends VokeError {
  static override readonly kind: ErrorKind = "VokeConnectionError";
}

/** The request (all attempts included) took longer than its timeout. */
export class VokeTimeoutError extends VokeError {
  static override readonly kind: ErrorKind = "VokeTimeoutError";
}

/** Picks the error class for an HTTP status. */
export function apiErrorFor(init: VokeApiErrorInit): VokeApiError {
  const s = init.status;
  if (s === 400) return new BadRequestError(init);
  if (s === 401) return new AuthenticationError(init);
  if (s === 403) return new PermissionDeniedError(init);
  if (s === 404) return new NotFoundError(init);
  if (s === 409) return new ConflictError(init);
  if (s === 413) return new PayloadTooLargeError(init);
  if (s === 429) return new RateLimitError(init);
  if (s >= 500) return new InternalServerError(init);
  return new VokeApiError(init);
}
