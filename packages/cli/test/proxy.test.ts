/** HTTP_PROXY / HTTPS_PROXY: API requests go through the proxy the environment names. */

import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVoke } from "../src/test-support/harness.ts";
import { createForwardProxy } from "./forward-proxy.ts";

const TOKEN = "vok_proxy_test_0123456789";
let api: Server;
let proxy: Server;
let proxyUrl = "";
const proxied: string[] = [];

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  // The "API": answers the login check.
  api = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/api/v1/templates" && req.headers.authorization === `Bearer ${TOKEN}`)
      res.end('{"data":[]}');
    else res.writeHead(404).end('{"statusCode":404,"error":"Not Found","code":"NOT_FOUND","message":"no"}');
  });
  const apiPort = await listen(api);
  proxy = createForwardProxy(apiPort, proxied);
  proxy.on("connect", (req, socket, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const upstream = connect(apiPort, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  });
  const proxyPort = await listen(proxy);
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
});

afterAll(() => {
  api.close();
  proxy.close();
  api.closeAllConnections();
  proxy.closeAllConnections();
});

describe("proxy support", () => {
  it("voke api goes through HTTP_PROXY too", async () => {
    const before = proxied.length;
    const result = await runVoke(["api", "GET", "templates", "--jq", ".data | length"], {
      env: { VOKE_API_URL: "http://voke.invalid:8080", VOKE_TOKEN: TOKEN, HTTP_PROXY: proxyUrl },
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("0\n");
    expect(proxied.slice(before).some((line) => line.includes("voke.invalid:8080/api/v1/templates"))).toBe(
      true,
    );
  });

  it("sends API requests through HTTP_PROXY", async () => {
    const result = await runVoke(["login", "--url", "http://voke.invalid:8080", "--with-token"], {
      env: { VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-proxy-")), HTTP_PROXY: proxyUrl },
      stdin: TOKEN,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(proxied.some((line) => line.includes("voke.invalid:8080"))).toBe(true);
  });

  it("goes direct for hosts in NO_PROXY", async () => {
    proxied.length = 0;
    const result = await runVoke(["login", "--url", "http://voke.invalid:8080", "--with-token", "--json"], {
      env: {
        VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-proxy-")),
        HTTP_PROXY: proxyUrl,
        NO_PROXY: "voke.invalid",
      },
      stdin: TOKEN,
    });
    expect(proxied).toEqual([]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.code).toBe("CONNECTION_ERROR");
  });
});
