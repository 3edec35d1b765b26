/** Path parameters: ids must be UUIDs, with the 400 code each operation declares. */
import type { Context } from "hono";
import type { AppEnv } from "./env.ts";
import { HttpError } from "./errors.ts";
import { isUuid } from "./validation.ts";

/** The 400 code an operation uses for a bad path id (openapi.yaml differs per operation). */
export type InvalidIdCode = "INVALID_UUID" | "BAD_REQUEST";

/**
 * The UUID in path parameter `name`; 400 with `code` otherwise.
 *
 * @example const id = uuidParam(c, "id", "INVALID_UUID");
 */
export function uuidParam(c: Context<AppEnv>, name: string, code: InvalidIdCode, noun = "plant"): string {
  const value = c.req.param(name) ?? "";
  if (!isUuid(value)) {
    throw new HttpError(400, code, `Invalid ${noun} UUID`, {
      details: { issues: [{ path: name, message: "must be a UUID" }] },
    });
  }
  return value.toLowerCase();
}
