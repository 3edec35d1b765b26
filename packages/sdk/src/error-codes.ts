/**
 * The error codes the spec lists for each operation, as types derived from the generated schema (no
 * list kept by hand): `OperationErrorCode<"createPlant">` is "VALIDATION_ERROR" | "PLANT_ALREADY_EXISTS" | ….
 */
import type { VokeApiError } from "./errors.ts";
import type { operations } from "./generated/schema.d.ts";

/** An operation's id in openapi.yaml, e.g. "createPlant". */
export type OperationId = keyof operations;

/** The status keys of a responses object that are errors (4xx and 5xx). */
type ErrorStatuses<Responses> = {
  [Status in keyof Responses]: `${Status & (string | number)}` extends `4${string}` | `5${string}`
    ? Status
    : never;
}[keyof Responses];

type JsonBody<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

type ErrorBodies<Op extends OperationId> = JsonBody<
  operations[Op]["responses"][ErrorStatuses<operations[Op]["responses"]>]
>;

/**
 * Every `code` an error reply of `Op` may carry, per the spec. The server's tests check each reply
 * against the spec, so a code outside this union is a contract break.
 */
export type OperationErrorCode<Op extends OperationId> =
  ErrorBodies<Op> extends infer Body
    ? Body extends { code: infer Code extends string }
      ? Code
      : never
    : never;

/**
 * The error a call of `Op` rejects with, its `code` narrowed to the spec's list, so a `switch` over it
 * is checked by the compiler (a misspelt or retired code is a type error).
 *
 * @example
 * try { await voke.plants.create(body); } catch (error) {
 *   if (!(error instanceof VokeApiError)) throw error;
 *   const { code } = error as OperationError<"createPlant">;
 *   if (code === "PLANT_ALREADY_EXISTS") …
 * }
 */
export type OperationError<Op extends OperationId> = VokeApiError<OperationErrorCode<Op>>;
