/**
 * The node:http server around the app, including the requests Node refuses before the app sees them
 * (headers too large, unparsable requests): those get the API's error body and an X-Request-Id too.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { errorBody } from "./errors.ts";
import { USABLE_REQUEST_ID } from "./request-id.ts";

/** Node's parser errors and what the client is told for each. */
const REFUSALS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: "REQUEST_HEADER_FIELDS_TOO_LARGE",
    message: "Request headers are larger than the server accepts",
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "REQUEST_TIMEOUT", message: "The request took too long" },
};
const MALFORMED = { status: 400, code: "BAD_REQUEST", message: "Malformed HTTP request" };

const REQUEST_ID_LINE = /\r\nx-request-id:[ \t]*([^\r\n]*?)[ \t]*\r\n/i;

/** The client's X-Request-Id when the part of the request Node kept shows a usable one; else a new id. */
function requestIdOf(rawPacket: Buffer | undefined): string {
  const offered = rawPacket ? REQUEST_ID_LINE.exec(rawPacket.toString("latin1"))?.[1] : undefined;
  return offered !== undefined && USABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
}

/**
 * Answers a request Node's HTTP parser refused, then closes the connection (its state is unknown).
 *
 * @example server.on("clientError", answerClientError);
 */
export function answerClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = REFUSALS[error.code ?? ""] ?? MALFORMED;
  const body = JSON.stringify(errorBody(refusal.status, refusal.code, refusal.message));
  const reason = errorBody(refusal.status, "", "").error;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${reason}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestIdOf(error.rawPacket)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

/**
 * A node:http server for `app` (not yet listening).
 *
 * @example const http = createHttpServer(app, "127.0.0.1"); http.listen(0, "127.0.0.1");
 */
export function createHttpServer(app: Hono<AppEnv>, hostname: string): Server {
  const server = createAdaptorServer({ fetch: app.fetch, hostname }) as Server;
  server.on("clientError", answerClientError);
  return server;
}
