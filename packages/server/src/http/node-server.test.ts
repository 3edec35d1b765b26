/** The connection-level edges, over a real socket: 413 closes cleanly, 431 carries the error body and id. */
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import { createHttpServer } from "./node-server.ts";

let h: TestHarness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  h?.close();
  server = undefined;
  h = undefined;
});

async function serve(
  options: { maxBodyBytes?: number; authFailuresPerMinute?: number } = {},
): Promise<{ port: number; h: TestHarness }> {
  h = await createTestHarness(options);
  const http = createHttpServer(h.app, "127.0.0.1");
  server = http;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, h };
}

interface Exchange {
  raw: string;
  /** How the server ended the connection: "end" (FIN), "error: CODE", or "open" (still open at timeout). */
  ending: string;
}

/** Writes `request` on a fresh connection and collects everything until the server closes (or 2 s pass). */
function exchange(port: number, request: string | Buffer): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (ending: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ raw: Buffer.concat(chunks).toString("utf8"), ending });
    };
    const timer = setTimeout(() => finish("open"), 2000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => finish("end"));
    socket.on("error", (error: NodeJS.ErrnoException) => finish(`error: ${error.code}`));
    socket.on("connect", () => socket.write(request));
  });
}

function headersOf(raw: string): { status: number; headers: Record<string, string>; body: string } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(":");
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

describe("413 over a real connection", () => {
  it("says Connection: close and then closes the socket cleanly", async () => {
    const { port, h } = await serve({ maxBodyBytes: 256 });
    const body = JSON.stringify({ name: "x".repeat(1000), serialNumber: "SN-413", type: "SENSOR" });
    const { raw, ending } = await exchange(
      port,
      `POST /api/v1/plants HTTP/1.1\r\nHost: voke.test\r\nConnection: keep-alive\r\n` +
        `Authorization: Bearer ${h.tokens.admin}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const reply = headersOf(raw);
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(reply.headers["x-request-id"]).toBeTruthy();
    expect(JSON.parse(reply.body)).toMatchObject({ statusCode: 413, code: "PAYLOAD_TOO_LARGE" });
    expect(ending).toBe("end");
  });

  it("closes cleanly also when the body was not announced (chunked)", async () => {
    const { port, h } = await serve({ maxBodyBytes: 256 });
    const chunk = `{"name":"${"y".repeat(600)}"}`;
    const { raw, ending } = await exchange(
      port,
      `POST /api/v1/plants HTTP/1.1\r\nHost: voke.test\r\nAuthorization: Bearer ${h.tokens.admin}\r\n` +
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
        `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    const reply = headersOf(raw);
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(ending).toBe("end");
  });
});

describe("431 over a real connection", () => {
  it("answers an oversized header with the error body and X-Request-Id (the client's when readable)", async () => {
    const { port } = await serve();
    const { raw, ending } = await exchange(
      port,
      `GET /api/v1/plants HTTP/1.1\r\nHost: voke.test\r\nX-Request-Id: big-header-1\r\n` +
        `X-Padding: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    const reply = headersOf(raw);
    expect(reply.status).toBe(431);
    expect(reply.headers["x-request-id"]).toBe("big-header-1");
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(reply.headers.connection).toBe("close");
    expect(JSON.parse(reply.body)).toEqual({
      statusCode: 431,
      error: "Request Header Fields Too Large",
      code: "REQUEST_HEADER_FIELDS_TOO_LARGE",
      message: "Request headers are larger than the server accepts",
      details: null,
    });
    expect(ending).toBe("end");
  });

  it("makes up an id when the client sent none, and answers garbage with a 400 body", async () => {
    const { port } = await serve();
    const big = headersOf(
      (await exchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`)).raw,
    );
    expect(big.status).toBe(431);
    expect(big.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const garbage = headersOf((await exchange(port, "NOT HTTP AT ALL\r\n\r\n")).raw);
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ statusCode: 400, code: "BAD_REQUEST" });
  });
});

describe("failed authentication over a real connection", () => {
  it("is counted by the socket's peer address: 429 with Retry-After once the budget is spent", async () => {
    const { port, h } = await serve({ authFailuresPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/plants`, {
        headers: { authorization: `Bearer voke_wrong_${i}_0123456789` },
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const valid = await fetch(`http://127.0.0.1:${port}/api/v1/plants`, {
      headers: { authorization: `Bearer ${h.tokens.admin}` },
    });
    expect(valid.status).toBe(200); // a valid token is served even from a throttled address
    await valid.arrayBuffer();
    const throttled = await fetch(`http://127.0.0.1:${port}/api/v1/plants`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("20");
    const failure = h.logs
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === "authentication failed");
    expect(failure.address).toMatch(/127\.0\.0\.1/);
  });
});
