/**
 * How the built `voke` starts: plain commands talk to the API over node:http without undici, the
 * core runs through a code cache kept per user, and ext/ code loads only where a command needs it.
 */

import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, buildCli } from "../scripts/build.ts";
import { createForwardProxy } from "./forward-proxy.ts";

const run = promisify(execFile);
const TOKEN = "vok_bundle_startup_token_0123";
const PLANTS = [
  { id: "9f3c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f", name: "Roof PV", serialNumber: "SN-001" },
  { id: "1b2c3d4e-0b1d-4c9e-8f00-5a4b3c2d1e0f", name: "Meter 7", serialNumber: "SN-007" },
];

let build: BuildResult;
let api: Server;
let apiUrl = "";
let proxy: Server;
let proxyUrl = "";
let tlsApi: Server;
let tlsApiUrl = "";
let tlsCa = "";
const proxied: string[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

const answer: RequestListener = (req, res) => {
  res.setHeader("content-type", "application/json");
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401).end('{"statusCode":401,"error":"Unauthorized","code":"UNAUTHORIZED","message":"no"}');
  } else if (req.url?.startsWith("/api/v1/plants")) {
    res.end(JSON.stringify({ data: PLANTS, meta: { page: 1, limit: 20, total: 2, totalPages: 1 } }));
  } else {
    res.end('{"data":[]}');
  }
};

beforeAll(async () => {
  build = await buildCli({ outdir: mkdtempSync(join(tmpdir(), "voke-startup-bundle-")) });
  api = createServer(answer);
  apiUrl = await listen(api);
  // The same API over TLS, with a self-signed certificate for localhost that voke trusts through
  // NODE_EXTRA_CA_CERTS.
  const pki = mkdtempSync(join(tmpdir(), "voke-startup-tls-"));
  tlsCa = join(pki, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
      "-keyout",
      join(pki, "key.pem"),
      "-out",
      tlsCa,
    ],
    { stdio: "ignore" },
  );
  tlsApi = createTlsServer({ key: readFileSync(join(pki, "key.pem")), cert: readFileSync(tlsCa) }, answer);
  tlsApiUrl = (await listen(tlsApi)).replace("http://127.0.0.1", "https://localhost");
  proxy = createForwardProxy(new URL(apiUrl).port, proxied);
  proxyUrl = await listen(proxy);
});

afterAll(() => {
  for (const server of [api, proxy, tlsApi]) {
    server.closeAllConnections();
    server.close();
  }
});

/** Reports at exit whether Node's own fetch (its built-in undici) was loaded, and which ext/ files were. */
const LOAD_REPORT = `data:text/javascript,${encodeURIComponent(`
  import { createRequire } from "node:module";
  import { writeFileSync } from "node:fs";
  process.on("exit", () => writeFileSync(process.env.LOAD_REPORT, JSON.stringify({
    nodeFetch: process.moduleLoadList.some((name) => name.includes("undici")),
    ext: Object.keys(createRequire(process.argv[1]).cache).filter((path) => /[\\\\/]ext[\\\\/]/.test(path))
      .map((path) => path.split(/[\\\\/]/).pop()).sort(),
  })));
`)}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  loaded: { nodeFetch: boolean; ext: string[] };
}

/** Runs the bundle in a private HOME; `env` adds variables, or removes them when undefined. */
async function voke(args: string[], env: Record<string, string | undefined> = {}, stdin = ""): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), "voke-startup-home-"));
  const report = join(home, "load-report.json");
  const variables: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    VOKE_CONFIG_DIR: join(home, "config"),
    VOKE_API_URL: apiUrl,
    VOKE_TOKEN: TOKEN,
    LOAD_REPORT: report,
    ...env,
  };
  const child = run(process.execPath, ["--import", LOAD_REPORT, build.entry, ...args], {
    env: Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined)),
    encoding: "utf8",
  });
  child.child.stdin?.end(stdin);
  let result: { code: number; stdout: string; stderr: string };
  try {
    result = { code: 0, ...(await child) };
  } catch (error) {
    result = error as { code: number; stdout: string; stderr: string };
  }
  return { ...result, loaded: JSON.parse(readFileSync(report, "utf8")) };
}

function cacheHeader(cacheDir: string): { commands: string[] } {
  const [name] = readdirSync(cacheDir);
  const contents = readFileSync(join(cacheDir, name as string));
  return JSON.parse(contents.subarray(0, contents.indexOf(0x0a)).toString("utf8"));
}

describe("the built voke at startup", () => {
  it("lists plants over node:http, loading neither Node's fetch nor any ext/ file", async () => {
    const result = await voke(["plants", "list", "-o", "json"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(PLANTS);
    expect(result.loaded).toEqual({ nodeFetch: false, ext: [] });
  });

  it("keeps a code cache per user: written by the first run, untouched by the same command, grown by a new one", async () => {
    const cache = mkdtempSync(join(tmpdir(), "voke-startup-cache-"));
    const env = { XDG_CACHE_HOME: cache };
    expect((await voke(["plants", "list", "-o", "json"], env)).code).toBe(0);
    const cacheDir = join(cache, "voke");
    expect(cacheHeader(cacheDir).commands).toEqual(["plants list"]);
    const [name] = readdirSync(cacheDir);
    const written = readFileSync(join(cacheDir, name as string));

    expect((await voke(["plants", "list", "-o", "json"], env)).code).toBe(0);
    expect(readFileSync(join(cacheDir, name as string)).equals(written)).toBe(true);

    expect((await voke(["plants", "get", PLANTS[0]?.id as string, "-o", "json"], env)).code).toBe(0);
    expect(cacheHeader(cacheDir).commands).toEqual(["plants list", "plants get"]);
  });

  it("keeps no cache when NODE_DISABLE_COMPILE_CACHE is set", async () => {
    const cache = mkdtempSync(join(tmpdir(), "voke-startup-cache-"));
    const result = await voke(["plants", "list", "-o", "json"], {
      XDG_CACHE_HOME: cache,
      NODE_DISABLE_COMPILE_CACHE: "1",
    });
    expect(result.code).toBe(0);
    expect(existsSync(join(cache, "voke"))).toBe(false);
  });

  it("loads only the colour code from ext/ for a table on a terminal (the table is drawn by voke)", async () => {
    const cache = mkdtempSync(join(tmpdir(), "voke-startup-cache-"));
    const result = await voke(["plants", "list", "--fields", "id,name"], {
      VOKE_FORCE_TTY: "1",
      FORCE_COLOR: "1",
      XDG_CACHE_HOME: cache,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\u001b[1mID\u001b[22m");
    expect(result.stdout).toContain(`${PLANTS[1]?.id}  Meter 7`);
    expect(result.loaded.ext).toEqual(["chalk.cjs"]);
    // Node's compile cache for ext/ is kept with voke's own, not in the shared temporary directory.
    expect(readdirSync(join(cache, "voke", "node")).length).toBeGreaterThan(0);
  });

  it("loads the spinner and the profile writer from ext/ for a login on a terminal", async () => {
    const result = await voke(
      ["login", "--url", apiUrl, "--with-token"],
      { VOKE_FORCE_TTY: "1", VOKE_TOKEN: undefined },
      `${TOKEN}\n`,
    );
    expect(result.stderr).toContain("Checking the token with");
    expect(result.stderr).toContain(`Logged in to ${apiUrl}`);
    expect(result.code).toBe(0);
    expect(result.loaded.ext).toEqual(expect.arrayContaining(["conf.cjs", "ora.cjs"]));
  });

  it("reaches an https API whose CA is in NODE_EXTRA_CA_CERTS, and refuses it without", async () => {
    const trusted = await voke(["plants", "list", "-o", "json"], {
      VOKE_API_URL: tlsApiUrl,
      NODE_EXTRA_CA_CERTS: tlsCa,
    });
    expect(trusted.stderr).toBe("");
    expect(JSON.parse(trusted.stdout)).toEqual(PLANTS);
    expect(trusted.loaded.nodeFetch).toBe(false);
    const untrusted = await voke(["plants", "list", "-o", "json"], { VOKE_API_URL: tlsApiUrl });
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stderr).error).toMatchObject({ code: "CONNECTION_ERROR" });
  });

  it("goes through HTTP_PROXY with the SDK's Node fetch (undici, bundled in ext/)", async () => {
    const result = await voke(["plants", "list", "-o", "json"], {
      VOKE_API_URL: "http://voke.invalid:8080",
      HTTP_PROXY: proxyUrl,
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(PLANTS);
    expect(proxied).toContain("GET http://voke.invalid:8080/api/v1/plants");
    expect(result.loaded).toEqual({ nodeFetch: false, ext: ["sdk-node.cjs"] });
  });
});
