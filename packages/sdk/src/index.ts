/** @voke/sdk: the typed Voke REST client. Runs wherever `fetch` exists (Node, Deno, Bun, browsers). */
export type { ApiPromise, ResponseWithData, WithResponses } from "./api-promise.ts";
export { createVokeClient, DEFAULT_TIMEOUT_MS, type VokeClient, type VokeClientOptions } from "./client.ts";
export type { DebugOption, DebugSink } from "./debug.ts";
export type { OperationError, OperationErrorCode, OperationId } from "./error-codes.ts";
export {
  type ApiErrorBody,
  AuthenticationError,
  apiErrorFor,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  VokeApiError,
  type VokeApiErrorInit,
  VokeConnectionError,
  VokeError,
  VokeTimeoutError,
} from "./errors.ts";
export * from "./generated/contract.ts";
export type { components, operations, paths } from "./generated/schema.d.ts";
export { type Page, paginate } from "./pagination.ts";
export type { VokeRawClient } from "./raw-client.ts";
export type { AlertRulesResource } from "./resources/alert-rules.ts";
export type { CommandsResource } from "./resources/commands.ts";
export type { EventStreamOptions, EventsResource, ReconnectInfo } from "./resources/events.ts";
export type { PlantsResource } from "./resources/plants.ts";
export type { TemplatesResource } from "./resources/templates.ts";
export type { TokensResource } from "./resources/tokens.ts";
export { DEFAULT_MAX_RETRIES, type Sleep } from "./retry.ts";
export type { FetchFunction, RequestOptions } from "./transport.ts";
export type * from "./types.ts";
export { SDK_VERSION } from "./version.ts";
