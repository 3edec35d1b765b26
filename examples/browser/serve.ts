/**
 * Serves the browser example: index.html and app.js, bundled on start with esbuild from app.ts and the
 * built SDK (`pnpm build` first), the way an app would bundle `@voke/sdk` from npm.
 *
 * Usage: node examples/browser/serve.ts [port]   (then start the server with VOKE_CORS_ORIGINS=<printed origin>)
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const HERE = new URL("./", import.meta.url);
const SDK_ENTRY = fileURLToPath(new URL("../../packages/sdk/dist/index.js", import.meta.url));

export interface ExampleServer {
  /** The page's origin, e.g. http://127.0.0.1:5173: what VOKE_CORS_ORIGINS must list. */
  origin: string;
  close(): Promise<void>;
}

/** Bundles app.ts for the browser; returns the JavaScript. */
export async function bundleExample(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("app.ts", HERE))],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
    alias: { "@voke/sdk": SDK_ENTRY },
  });
  return result.outputFiles[0]?.text ?? "";
}

/**
 * Starts the example on `host:port` (port 0 picks a free one).
 *
 * @example const page = await startExampleServer(); … await page.close();
 */
export async function startExampleServer(port = 0, host = "127.0.0.1"): Promise<ExampleServer> {
  const files: Record<string, { type: string; body: string }> = {
    "/": { type: "text/html; charset=utf-8", body: await readFile(new URL("index.html", HERE), "utf8") },
    "/app.js": { type: "text/javascript; charset=utf-8", body: await bundleExample() },
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://x").pathname];
    if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = await startExampleServer(Number(process.argv[2] ?? 5173));
  console.log(`example page: ${page.origin}  (start the server with VOKE_CORS_ORIGINS=${page.origin})`);
}
