import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpFetch } from "./http-fetch.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const routes = new Map<string, Handler>();
const servers: Server[] = [];
let origin = "";
let otherOrigin = "";

async function start(): Promise<string> {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += (chunk as Buffer).toString("utf8");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const handler = routes.get(path);
    if (handler) handler(req, body, res);
    else res.writeHead(404, { "content-type": "application/json" }).end('{"code":"NOT_FOUND"}');
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  origin = await start();
  otherOrigin = await start();
});

afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** Echoes what arrived: method, path with query, headers, body. */
const echo: Handler = (req, body, res) => {
  res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-1" });
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
};

const unused = () => Promise.reject(new Error("the fallback was not expected"));
const fetch = createHttpFetch({ fallback: unused });

describe("createHttpFetch", () => {
  it("sends method, headers and query, and reads status, headers and a JSON body", async () => {
    routes.set("/echo", echo);
    const response = await fetch(`${origin}/echo?page=2`, {
      method: "get",
      headers: { authorization: "Bearer t", "X-Extra": "yes" },
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get("X-Request-Id")).toBe("req-1");
    expect(response.url).toBe(`${origin}/echo?page=2`);
    const seen = (await response.json()) as { method: string; url: string; headers: Record<string, string> };
    expect(seen.method).toBe("GET");
    expect(seen.url).toBe("/echo?page=2");
    expect(seen.headers).toMatchObject({ authorization: "Bearer t", "x-extra": "yes", accept: "*/*" });
  });

  it("sends a text body with its length, typed text/plain unless the caller says otherwise", async () => {
    routes.set("/echo", echo);
    const json = await fetch(`${origin}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name":"Röof"}',
    });
    const seen = (await json.json()) as { headers: Record<string, string>; body: string };
    expect(seen.body).toBe('{"name":"Röof"}');
    expect(seen.headers["content-length"]).toBe(String(Buffer.byteLength('{"name":"Röof"}')));
    expect(seen.headers["content-type"]).toBe("application/json");
    const plain = (await (await fetch(`${origin}/echo`, { method: "POST", body: "hi" })).json()) as {
      headers: Record<string, string>;
    };
    expect(plain.headers["content-type"]).toBe("text/plain;charset=UTF-8");
  });

  it("gives error statuses as replies, with their text", async () => {
    const response = await fetch(`${origin}/nowhere`);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(404);
    expect(response.statusText).toBe("Not Found");
    expect(await response.text()).toBe('{"code":"NOT_FOUND"}');
  });

  it("reads headers as Headers does: any case, repeated ones joined, sorted iteration", async () => {
    routes.set("/cookies", (_req, _body, res) => {
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.setHeader("X-B", "2");
      res.setHeader("X-A", "1");
      res.end();
    });
    const { headers } = await fetch(`${origin}/cookies`);
    expect(headers.get("set-cookie")).toBe("a=1, b=2");
    expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(headers.has("x-a")).toBe(true);
    expect(headers.get("missing")).toBeNull();
    const names = [...headers].map(([name]) => name).filter((name) => name.startsWith("x-"));
    expect(names).toEqual(["x-a", "x-b"]);
  });

  it("lets a body be read once, or twice through clone()", async () => {
    routes.set("/echo", echo);
    const response = await fetch(`${origin}/echo`);
    const copy = response.clone();
    expect(((await copy.json()) as { method: string }).method).toBe("GET");
    expect(((await response.json()) as { method: string }).method).toBe("GET");
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("follows redirects as fetch does: 303 becomes a GET without body, 307 keeps the body", async () => {
    routes.set("/echo", echo);
    routes.set("/see-other", (_req, _body, res) => res.writeHead(303, { location: "/echo" }).end());
    routes.set("/temporary", (_req, _body, res) => res.writeHead(307, { location: `${origin}/echo` }).end());
    const seeOther = await fetch(`${origin}/see-other`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(seeOther.redirected).toBe(true);
    expect(seeOther.url).toBe(`${origin}/echo`);
    const afterSeeOther = (await seeOther.json()) as { method: string; body: string; headers: object };
    expect(afterSeeOther).toMatchObject({ method: "GET", body: "" });
    expect(afterSeeOther.headers).not.toHaveProperty("content-type");
    const temporary = (await (await fetch(`${origin}/temporary`, { method: "POST", body: "{}" })).json()) as {
      method: string;
      body: string;
    };
    expect(temporary).toMatchObject({ method: "POST", body: "{}" });
  });

  it("does not carry the token to another origin on a redirect", async () => {
    routes.set("/echo", echo);
    routes.set("/elsewhere", (_req, _body, res) =>
      res.writeHead(302, { location: `${otherOrigin}/echo` }).end(),
    );
    const response = await fetch(`${origin}/elsewhere`, { headers: { authorization: "Bearer t" } });
    const seen = (await response.json()) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBeUndefined();
  });

  it("gives up after 20 redirects with fetch's network error", async () => {
    routes.set("/loop", (_req, _body, res) => res.writeHead(302, { location: "/loop" }).end());
    const failure = await fetch(`${origin}/loop`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe("fetch failed");
    expect(((failure as Error).cause as Error).message).toBe("redirect count exceeded");
  });

  it("reports a refused connection as fetch does: a TypeError whose cause names it", async () => {
    const failure = await fetch("http://127.0.0.1:9/").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(((failure as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason, before sending, while waiting, or while reading the body", async () => {
    const early = new AbortController();
    early.abort(new Error("cancelled early"));
    await expect(fetch(`${origin}/echo`, { signal: early.signal })).rejects.toThrow("cancelled early");

    routes.set("/slow", () => {}); // never answers
    const waiting = new AbortController();
    const pending = fetch(`${origin}/slow`, { signal: waiting.signal });
    setTimeout(() => waiting.abort(new Error("timed out")), 20);
    await expect(pending).rejects.toThrow("timed out");

    routes.set("/trickle", (_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first part");
    });
    const reading = new AbortController();
    const response = await fetch(`${origin}/trickle`, { signal: reading.signal });
    const text = response.text();
    reading.abort(new Error("stopped reading"));
    await expect(text).rejects.toThrow("stopped reading");
  });

  it("fails the body with fetch's TypeError when the connection breaks off", async () => {
    routes.set("/broken", (_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const response = await fetch(`${origin}/broken`);
    const failure = await response.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe("terminated");
  });

  it("hands requests it does not send itself to the fallback", async () => {
    const seen: unknown[] = [];
    const withFallback = createHttpFetch({
      fallback: async (input, init) => {
        seen.push({ input: typeof input === "string" ? input : "Request", redirect: init?.redirect });
        return new Response("from the fallback");
      },
    });
    const manual = await withFallback(`${origin}/echo`, { redirect: "manual" });
    expect(await manual.text()).toBe("from the fallback");
    await withFallback(new Request(`${origin}/echo`));
    await withFallback(`${origin}/echo`, { method: "POST", body: new Blob(["x"]) });
    expect(seen).toEqual([
      { input: `${origin}/echo`, redirect: "manual" },
      { input: "Request", redirect: undefined },
      { input: `${origin}/echo`, redirect: undefined },
    ]);
  });
});
