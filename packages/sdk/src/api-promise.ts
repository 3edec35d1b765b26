/**
 * What every resource method returns: a promise of the data that can also give the whole reply, so a
 * caller can read the request id or the rate-limit headers of a call that succeeded.
 */
import type { Reply } from "./transport.ts";

/** A successful call in full: the data, the final Response (after any retries) and its request id. */
export interface ResponseWithData<T> {
  data: T;
  response: Response;
  /** The reply's X-Request-Id: quote it when reporting a problem. */
  requestId: string | undefined;
}

/**
 * A promise of a call's data. `await` it for the data alone, or call `withResponse()` for the data with
 * the Response it came in. The request is sent once either way.
 *
 * @example
 * const { data: page, response, requestId } = await voke.plants.list().withResponse();
 * console.log(page.meta.total, requestId, response.headers.get("ratelimit-remaining"));
 */
export interface ApiPromise<T> extends Promise<T> {
  /** The data with the final Response and its request id. */
  withResponse(): Promise<ResponseWithData<T>>;
}

/**
 * A resource whose calls return ApiPromise: `WithResponses<PlantsResource>` is what `client.plants` is.
 * The resource interfaces themselves promise plain data, so a test double only needs to return promises.
 */
export type WithResponses<Resource> = {
  [Method in keyof Resource]: Resource[Method] extends (...args: infer Args) => Promise<infer Data>
    ? (...args: Args) => ApiPromise<Data>
    : Resource[Method];
};

const REPLY = Symbol("voke.reply");

type ReplyCarrier<T> = ApiPromise<T> & { [REPLY]: Promise<Reply<T>> };

/**
 * The ApiPromise of a reply. It is a native promise (so `await` takes the engine's fast path; bench/
 * sdk-overhead.ts holds the SDK to plain fetch) carrying the reply for `withResponse()`.
 */
export function apiPromise<T>(reply: Promise<Reply<T>>): ApiPromise<T> {
  const promise = reply.then(dataOf) as ReplyCarrier<T>;
  promise[REPLY] = reply;
  promise.withResponse = withResponse;
  return promise;
}

function withResponse<T>(this: ReplyCarrier<T>): Promise<ResponseWithData<T>> {
  // A caller who only asks for the Response learns of a failure here; the data promise must not also
  // report it as unhandled.
  this.then(undefined, ignore);
  return this[REPLY].then(withRequestId);
}

function withRequestId<T>({ data, response }: Reply<T>): ResponseWithData<T> {
  return { data, response, requestId: response.headers.get("x-request-id") ?? undefined };
}

function dataOf<T>(reply: Reply<T>): T {
  return reply.data;
}

function ignore(): void {}
