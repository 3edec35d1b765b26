/** A forward HTTP proxy for tests that prove requests go through the proxy the environment names. */
import { createServer, request as httpRequest, type Server } from "node:http";

/**
 * A proxy for absolute-form requests: whatever host a request names (voke.invalid does not
 * resolve), it reaches the API on 127.0.0.1:`apiPort`; each request line is pushed to `proxied`.
 * Not listening yet; CONNECT tunnels are the caller's to add.
 */
export function createForwardProxy(apiPort: number | string, proxied: string[]): Server {
  return createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "/");
    const forward = httpRequest(
      {
        host: "127.0.0.1",
        port: apiPort,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
}
