/** The one place errors become replies: typed errors map to their status, anything else is a logged 500. */
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "../logger.ts";
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  ValidationError,
} from "../services/errors.ts";
import type { AppEnv } from "./env.ts";
import { errorBody, HttpError } from "./errors.ts";

function statusOf(error: DomainError): number {
  if (error instanceof ValidationError || error instanceof InvalidRequestError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 500;
}

function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof ValidationError ||
    error instanceof InvalidRequestError ||
    error instanceof ForbiddenError ||
    error instanceof NotFoundError ||
    error instanceof ConflictError
  );
}

function reply(c: Context<AppEnv>, status: number, body: ReturnType<typeof errorBody>): Response {
  return c.json(body, status as ContentfulStatusCode);
}

/** Turns any thrown error into the API error body. A 500 never carries a stack trace or SQL. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return reply(c, error.status, errorBody(error.status, error.code, error.message, error.details));
    }
    if (isDomainError(error)) {
      const status = statusOf(error);
      return reply(c, status, errorBody(status, error.code, error.message, error.details));
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Raised by Hono itself (e.g. a body it could not read); keep its status, use our body.
      const code = error.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST";
      if (error.status === 413) c.header("Connection", "close");
      return reply(c, error.status, errorBody(error.status, code, error.message || "Bad request"));
    }
    (c.get("logger") ?? logger).error("request failed", { error, path: c.req.path, method: c.req.method });
    return reply(c, 500, errorBody(500, "INTERNAL_SERVER_ERROR", "Internal server error"));
  };
}
