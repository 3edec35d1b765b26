/**
 * @voke/sdk/node: Node-only additions. `createNodeFetch()` routes requests through HTTPS_PROXY /
 * HTTP_PROXY (minus NO_PROXY) with undici's EnvHttpProxyAgent; this entry's `createVokeClient` uses
 * it whenever a proxy is configured. undici is an optional peer dependency, loaded on the first
 * proxied request (proxy-fetch.ts). Everything else is re-exported from the main entry.
 */
import {
  createVokeClient as createPortableClient,
  type VokeClient,
  type VokeClientOptions,
} from "./client.ts";
import { createProxyFetch, type ProxySettings } from "./proxy-fetch.ts";
import type { FetchFunction } from "./transport.ts";

export * from "./index.ts";

type Env = Record<string, string | undefined>;

/**
 * The proxy settings in `env` (lower-case names win over upper-case, like curl). Empty strings stand
 * for "not set", so undici never falls back to reading `process.env` behind the caller's back.
 */
export function proxyFromEnv(env: Env = process.env): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] || env[name] || "";
  return { httpProxy: pick("HTTP_PROXY"), httpsProxy: pick("HTTPS_PROXY"), noProxy: pick("NO_PROXY") };
}

/**
 * A fetch that sends each request through the proxy the environment names (HTTPS_PROXY for https
 * URLs, falling back to HTTP_PROXY; HTTP_PROXY for http URLs; none for hosts in NO_PROXY). Node's own fetch ignores those
 * variables unless NODE_USE_ENV_PROXY is set, hence this.
 */
export function createNodeFetch(env: Env = process.env): FetchFunction {
  return createProxyFetch(proxyFromEnv(env));
}

/**
 * `createVokeClient` for Node: the same client, sending through `createNodeFetch()` when the
 * environment (`options.env`, default `process.env`) configures a proxy and no `fetch` was given.
 */
export function createVokeClient(options: VokeClientOptions): VokeClient {
  const env = options.env ?? process.env;
  const proxy = proxyFromEnv(env);
  if (options.fetch || !(proxy.httpProxy || proxy.httpsProxy)) return createPortableClient(options);
  return createPortableClient({ ...options, fetch: createNodeFetch(env) });
}
