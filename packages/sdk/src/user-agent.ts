/** Builds the default User-Agent, `voke-sdk/<version> (<runtime>)`, without touching Node-only APIs. */
import { SDK_VERSION } from "./version.ts";

interface RuntimeGlobals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
  navigator?: { userAgent?: string };
}

/** Names the JavaScript runtime, e.g. `node/24.1.0`, `deno/2.1.4`, `bun/1.2.0`, `browser`. */
export function runtimeName(g: RuntimeGlobals = globalThis as RuntimeGlobals): string {
  // Bun and Deno also expose a `process` shim, so they are asked first.
  if (g.Bun?.version) return `bun/${g.Bun.version}`;
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `node/${g.process.versions.node}`;
  if (g.navigator?.userAgent) return "browser";
  return "unknown";
}

/** The User-Agent the client sends unless told otherwise. */
export function defaultUserAgent(g?: RuntimeGlobals): string {
  return `voke-sdk/${SDK_VERSION} (${runtimeName(g)})`;
}
