/**
 * Request bodies: a byte limit (413), JSON only (415), strict UTF-8 and bounded nesting (400), and schema
 * validation with unknown fields refused.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { ValidationError } from "../services/errors.ts";
import type { AppEnv } from "./env.ts";
import { payloadTooLarge, unsupportedMediaType } from "./errors.ts";
import { decodeUtf8, JsonBodyError, parseJsonBody } from "./json-text.ts";
import { parseOrThrow } from "./validation.ts";

/** 413 PAYLOAD_TOO_LARGE for a body over `maxBytes`, whether or not Content-Length announced it. */
export function limitBodySize(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge(maxBytes);
    },
  }) as MiddlewareHandler<AppEnv>;
  // GET and HEAD carry no body; checking one would make the Node adapter build a full Request.
  return (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limit(c, next));
}

function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads the JSON body and validates it with `schema` (use strict objects so unknown fields are refused).
 * Not JSON → 415; empty, not UTF-8, malformed, nested too deeply or invalid → 400 VALIDATION_ERROR naming
 * the fields.
 *
 * @example const input = await readJsonBody(c, createPlantSchema);
 */
export async function readJsonBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header("content-type");
  if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
  try {
    const text = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
    if (text.trim() === "") throw new ValidationError([{ path: "", message: "request body is required" }]);
    return parseOrThrow(schema, parseJsonBody(text));
  } catch (error) {
    if (error instanceof JsonBodyError) throw new ValidationError([error.issue], error.message);
    throw error;
  }
}
