/**
 * The fetch `voke` hands the SDK: one request over `node:http`/`node:https`, redirects followed as
 * fetch does, the reply body buffered. Node's global fetch costs ~25 ms just to load (undici), a
 * third of a short command's run; `node:http` is nearly free.
 */

import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import type { FetchFunction } from "@voke/sdk";
import { HttpReply } from "./http-reply.ts";

export interface HttpFetchDeps {
  /**
   * Takes what this fetch leaves alone: a `Request` object as input, a stream or form body,
   * `redirect: "manual"|"error"`, an event stream (`accept: text/event-stream`). Normally `globalThis.fetch`.
   */
  fallback: FetchFunction;
}

/** The parts of a fetch call this module sends itself. Header names are lower-case. */
interface PlainRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Methods fetch upper-cases when given in another case. */
const NORMALISED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
/** Dropped when a redirect turns the request into a GET without body (fetch's "request-body-header names"). */
const BODY_HEADERS = [
  "content-encoding",
  "content-language",
  "content-location",
  "content-type",
  "content-length",
];

/**
 * A fetch over `node:http`/`node:https` for string URLs with text or byte bodies; anything else goes
 * to `deps.fallback`. It reads no proxy settings: behind a proxy, use the SDK's Node fetch instead.
 *
 * @example
 * const client = createVokeClient({ baseUrl, token, fetch: createHttpFetch({ fallback: globalThis.fetch }) });
 */
export function createHttpFetch(deps: HttpFetchDeps): FetchFunction {
  return async (input, init) => {
    const request = plainRequest(input, init);
    if (request === undefined) return deps.fallback(input, init);
    // The SDK types its fetch as returning a Response; it reads status, headers and text/json only.
    return (await send(request, 0)) as unknown as Response;
  };
}

/** The request as plain parts, or undefined when it needs the fallback. */
function plainRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): PlainRequest | undefined {
  if (typeof input !== "string" && !(input instanceof URL)) return undefined;
  if (init?.redirect !== undefined && init.redirect !== "follow") return undefined;
  const body = init?.body ?? undefined;
  if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) return undefined;
  const headers = headerRecord(init?.headers);
  if (headers === undefined) return undefined;
  // An event stream never ends: it needs a reply read as it arrives, which this fetch does not do.
  if (headers.accept?.includes("text/event-stream")) return undefined;
  const method = init?.method ?? "GET";
  return {
    url: new URL(input),
    method: NORMALISED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method,
    headers,
    body,
    signal: init?.signal ?? undefined,
  };
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> | undefined {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const pairs: Iterable<readonly [string, string]> | undefined =
    Symbol.iterator in headers
      ? (headers as Iterable<readonly [string, string]>)
      : Object.entries(headers as Record<string, string>);
  for (const pair of pairs) {
    if (pair.length !== 2) return undefined;
    const name = pair[0].toLowerCase();
    record[name] = record[name] === undefined ? pair[1] : `${record[name]}, ${pair[1]}`;
  }
  return record;
}

/** fetch's "network error": a TypeError whose cause says what happened. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

async function send(request: PlainRequest, redirects: number): Promise<HttpReply> {
  const { url, signal } = request;
  signal?.throwIfAborted();
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw fetchFailed(new Error(`unsupported protocol ${url.protocol}`));
  }
  // node:https brings TLS, which a plain-HTTP run does not need: it loads on the first https URL.
  const transport = url.protocol === "https:" ? (await import("node:https")).default : http;
  const headers: OutgoingHttpHeaders = { accept: "*/*", ...request.headers };
  if (request.body !== undefined) {
    headers["content-length"] = Buffer.byteLength(request.body);
    if (typeof request.body === "string") headers["content-type"] ??= "text/plain;charset=UTF-8";
  }

  const reply = await new Promise<{ response: IncomingMessage; body: Promise<Buffer> | undefined }>(
    (resolve, reject) => {
      let outgoing: ClientRequest | undefined;
      let failBody: ((reason: unknown) => void) | undefined;
      const onAbort = () => {
        outgoing?.destroy();
        reject(signal?.reason);
        failBody?.(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);

      outgoing = transport.request(url, { method: request.method, headers }, (response) => {
        if (REDIRECT_STATUSES.has(response.statusCode ?? 0) && response.headers.location !== undefined) {
          response.resume();
          done();
          resolve({ response, body: undefined });
          return;
        }
        const body = new Promise<Buffer>((resolveBody, rejectBody) => {
          failBody = rejectBody;
          const chunks: Buffer[] = [];
          let cause: unknown;
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => {
            cause = error;
          });
          response.on("end", () => {
            done();
            resolveBody(Buffer.concat(chunks));
          });
          response.on("close", () => {
            if (response.complete) return;
            done();
            rejectBody(signal?.aborted ? signal.reason : new TypeError("terminated", { cause }));
          });
        });
        body.catch(() => {}); // a body nobody reads must not become an unhandled rejection
        resolve({ response, body });
      });
      outgoing.on("error", (error) => {
        done();
        reject(signal?.aborted ? signal.reason : fetchFailed(error));
      });
      outgoing.end(request.body);
    },
  );

  const { response, body } = reply;
  if (body === undefined) return send(redirected(request, response, redirects), redirects + 1);
  return new HttpReply({
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? "",
    headers: response.headers,
    url: url.href,
    redirected: redirects > 0,
    body,
  });
}

/** The request a redirect asks for, changed as fetch's "HTTP-redirect fetch" changes it. */
function redirected(request: PlainRequest, response: IncomingMessage, redirects: number): PlainRequest {
  if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error("redirect count exceeded"));
  const url = new URL(response.headers.location as string, request.url);
  const status = response.statusCode;
  const headers = { ...request.headers };
  let { method, body } = request;
  if (
    ((status === 301 || status === 302) && method === "POST") ||
    (status === 303 && method !== "GET" && method !== "HEAD")
  ) {
    method = "GET";
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  }
  // The token goes only to the origin it was meant for.
  if (url.origin !== request.url.origin) delete headers.authorization;
  return { ...request, url, method, headers, body };
}
