/**
 * The request builder the resources use: typed exactly as openapi-fetch types its client for the
 * spec (paths, params, body, success data), with openapi-fetch's path and query serialisers, but it
 * only builds the request; the Transport sends it.
 */
import {
  type ClientPathsWithMethod,
  createQuerySerializer,
  defaultPathSerializer,
  type FetchResponse,
  type MaybeOptionalInit,
} from "openapi-fetch";
import type { paths } from "./generated/schema.d.ts";
import type { VokeRawClient } from "./raw-client.ts";

declare const successData: unique symbol;

/** A request ready to send, typed by the data its success reply carries. */
export interface PreparedRequest<T> {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly url: string;
  /** The JSON body, already serialised. */
  readonly body: string | undefined;
  /** Type only: what a 2xx reply's body is. */
  readonly [successData]?: T;
}

type Method = "get" | "post" | "patch" | "delete";

/** The data of openapi-fetch's success branch of a reply (a 2xx); `never` for a 204. */
type SuccessData<Operation, Init> =
  Operation extends Record<string | number, unknown>
    ? Exclude<
        Extract<FetchResponse<Operation, Init, "application/json">, { error?: never }>["data"],
        undefined
      >
    : never;

/** The init argument, optional when none of its fields is required (as openapi-fetch does it). */
type InitArgument<Init> = object extends Init ? [Init?] : [Init];

type Builder<M extends Method> = <
  Path extends ClientPathsWithMethod<VokeRawClient, M>,
  Init extends MaybeOptionalInit<paths[Path], M>,
>(
  path: Path,
  ...init: InitArgument<Init>
) => PreparedRequest<SuccessData<paths[Path][M], Init>>;

/** One builder per method the resources use: `api.GET("/api/v1/plants/{id}", {params: {path: {id}}})`. */
export interface RequestBuilder {
  GET: Builder<"get">;
  POST: Builder<"post">;
  PATCH: Builder<"patch">;
  DELETE: Builder<"delete">;
}

interface Init {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

/**
 * Builds the request builder for `baseUrl`.
 *
 * Why not openapi-fetch's own client: measured with bench/sdk-overhead.ts, its per-call Request
 * object, header merging and middleware plumbing cost 8–10% of throughput against plain fetch;
 * `client.raw` still is openapi-fetch.
 */
export function createRequestBuilder(baseUrl: string): RequestBuilder {
  const serializeQuery = createQuerySerializer();

  function prepare(method: PreparedRequest<unknown>["method"], path: string, init?: Init) {
    let url = baseUrl + path;
    const params = init?.params;
    if (params?.path) url = defaultPathSerializer(url, params.path);
    if (params?.query) {
      const search = serializeQuery(params.query);
      if (search) url += `?${search}`;
    }
    const body = init?.body === undefined ? undefined : JSON.stringify(init.body);
    return { method, url, body };
  }

  return {
    GET: (path: string, init?: Init) => prepare("GET", path, init),
    POST: (path: string, init?: Init) => prepare("POST", path, init),
    PATCH: (path: string, init?: Init) => prepare("PATCH", path, init),
    DELETE: (path: string, init?: Init) => prepare("DELETE", path, init),
  } as RequestBuilder;
}
