import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createNodeFetch, createVokeClient, proxyFromEnv, VokeConnectionError, VokeError } from "./node.ts";
import { createProxyFetch, importUndici, UNDICI_MISSING } from "./proxy-fetch.ts";
import { TOKEN } from "./test-support/mock-api.ts";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The API: answers every request with what it received. */
async function startApi(): Promise<string> {
  return listen(
    createServer(async (req, res) => {
      const body = await readBody(req);
      res.setHeader("Content-Type", "application/json");
      res.setHeader("X-Request-Id", "via-api");
      res.end(
        JSON.stringify({
          data: [],
          meta: { page: 1, limit: 20, total: 0, totalPages: 0 },
          seen: { method: req.method, url: req.url, body, auth: req.headers.authorization },
        }),
      );
    }),
  );
}

/** A forward proxy (CONNECT tunnels and absolute-form requests) that notes every target. */
async function startProxy(): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  const proxy = createServer((req, res) => {
    targets.push(req.url ?? "");
    const upstream = httpRequest(req.url ?? "", { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on("connect", (req, socket, head) => {
    targets.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  return { url: await listen(proxy), targets };
}

describe("@voke/sdk/node", () => {
  test("proxyFromEnv reads upper- and lower-case names, lower-case first", () => {
    expect(proxyFromEnv({ HTTPS_PROXY: "http://a:1", no_proxy: "x.test", NO_PROXY: "y.test" })).toEqual({
      httpProxy: "",
      httpsProxy: "http://a:1",
      noProxy: "x.test",
    });
    expect(proxyFromEnv({})).toEqual({ httpProxy: "", httpsProxy: "", noProxy: "" });
  });

  test("with HTTP_PROXY set, requests (bodies included) go through the proxy", async () => {
    const api = await startApi();
    const proxy = await startProxy();
    const client = createVokeClient({ baseUrl: api, token: TOKEN, env: { HTTP_PROXY: proxy.url } });

    const reply = (await client.plants.create({
      name: "n",
      serialNumber: "s",
      type: "SENSOR",
    })) as unknown as {
      seen: { method: string; url: string; body: string; auth: string };
    };

    expect(proxy.targets).toHaveLength(1);
    expect(proxy.targets[0]).toContain(new URL(api).host);
    expect(reply.seen).toEqual({
      method: "POST",
      url: "/api/v1/plants",
      body: JSON.stringify({ name: "n", serialNumber: "s", type: "SENSOR" }),
      auth: `Bearer ${TOKEN}`,
    });
  });

  test("NO_PROXY hosts are reached directly", async () => {
    const api = await startApi();
    const proxy = await startProxy();
    const client = createVokeClient({
      baseUrl: api,
      token: TOKEN,
      env: { HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" },
    });
    await client.plants.list();
    expect(proxy.targets).toEqual([]);
  });

  test("without proxy variables the client makes direct requests", async () => {
    const api = await startApi();
    const client = createVokeClient({ baseUrl: api, token: TOKEN, env: {} });
    expect((await client.plants.list()).meta.totalPages).toBe(0);
  });

  test("a proxy that is down is a VokeConnectionError", async () => {
    const api = await startApi();
    const deadProxy = await startProxy();
    servers.pop()?.close();
    const fetch = createNodeFetch({ HTTP_PROXY: deadProxy.url });
    const client = createVokeClient({ baseUrl: api, token: TOKEN, fetch, maxRetries: 0 });
    await expect(client.plants.list()).rejects.toBeInstanceOf(VokeConnectionError);
  });

  test("without undici installed, a proxied request fails at once saying how to fix it", async () => {
    const api = await startApi();
    let loads = 0;
    const missing = () => {
      loads++;
      const error = Object.assign(new Error("Cannot find package 'undici'"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
      return Promise.reject(error);
    };
    const fetch = createProxyFetch(proxyFromEnv({ HTTP_PROXY: "http://127.0.0.1:9" }), () =>
      importUndici(missing),
    );
    const client = createVokeClient({ baseUrl: api, token: TOKEN, fetch, maxRetries: 2 });
    const failure = client.plants.list();
    await expect(failure).rejects.toBeInstanceOf(VokeError);
    await expect(failure).rejects.not.toBeInstanceOf(VokeConnectionError);
    await expect(failure).rejects.toThrow(UNDICI_MISSING);
    expect(loads).toBe(1); // not retried: installing undici is the fix, not waiting
  });

  test("undici is loaded once, on the first proxied request", async () => {
    const api = await startApi();
    const proxy = await startProxy();
    let loads = 0;
    const fetch = createProxyFetch(proxyFromEnv({ HTTP_PROXY: proxy.url }), () => {
      loads++;
      return import("undici");
    });
    expect(loads).toBe(0);
    const client = createVokeClient({ baseUrl: api, token: TOKEN, fetch });
    await client.plants.list();
    await client.plants.list();
    expect(loads).toBe(1);
    expect(proxy.targets).toHaveLength(2);
  });
});
