/**
 * The fetch behind `@voke/sdk/node`'s proxy support. undici is an optional peer dependency of the SDK,
 * so it is loaded on the first proxied request only: a client that never meets a proxy never needs it,
 * and one that does without undici installed gets an error saying how to fix that.
 */
import { VokeError } from "./errors.ts";
import type { FetchFunction } from "./transport.ts";

type Undici = typeof import("undici");
type UndiciInit = NonNullable<Parameters<Undici["fetch"]>[1]>;

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

export const UNDICI_MISSING =
  "A proxy is configured (HTTPS_PROXY/HTTP_PROXY), and @voke/sdk/node sends through a proxy with undici, " +
  "an optional peer dependency that is not installed: run `npm install undici` (or unset the proxy variables).";

/** `import("undici")`, with a missing package turned into a VokeError that names the fix. */
export async function importUndici(load: () => Promise<Undici> = () => import("undici")): Promise<Undici> {
  try {
    return await load();
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
      throw new VokeError(UNDICI_MISSING, { cause });
    throw cause;
  }
}

/** A fetch sending through undici's EnvHttpProxyAgent configured with `proxy`; undici loaded by `load` once. */
export function createProxyFetch(
  proxy: ProxySettings,
  load: () => Promise<Undici> = importUndici,
): FetchFunction {
  let ready:
    | Promise<{ fetch: Undici["fetch"]; dispatcher: InstanceType<Undici["EnvHttpProxyAgent"]> }>
    | undefined;
  const loadOnce = () => {
    ready ??= load().then((undici) => ({
      fetch: undici.fetch,
      dispatcher: new undici.EnvHttpProxyAgent(proxy),
    }));
    // A failed load is not cached: installing undici fixes the next request.
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };
  return async (input, init) => {
    const { fetch, dispatcher } = await loadOnce();
    const response =
      typeof input === "string"
        ? await fetch(input, { ...(init as UndiciInit), dispatcher })
        : // undici's fetch does not take the global Request class, so a Request goes over as its parts.
          await fetch(input.url, {
            method: input.method,
            headers: [...input.headers],
            body: input.body ? await input.arrayBuffer() : undefined,
            redirect: input.redirect,
            signal: input.signal,
            dispatcher,
          });
    return response as unknown as Response;
  };
}
