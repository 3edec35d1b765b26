/** The address a request came from, as the socket saw it (what failed authentication is counted by). */
/** What @hono/node-server puts in `c.env`: the node:http request, whose socket knows the peer. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The peer's IP address; "unknown" when the request did not come over a socket (in-memory tests).
 * X-Forwarded-For is not trusted: anyone can send it.
 *
 * @example limiter.take(clientAddress(c));
 */
export function clientAddress(c: { env: unknown }): string {
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? "unknown";
}
