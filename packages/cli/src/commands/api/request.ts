/** `voke api METHOD PATH`: an authenticated request to any endpoint; the answer goes to the printer. */

import { readFile } from "node:fs/promises";
import { ExitCode, type ExitCodeValue, ExitError, UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { readStdin } from "../../io/stdin.ts";
import { exitCodeForStatus } from "../../main.ts";
import { requestHeaders } from "./headers.ts";
import type { requestInput } from "./index.ts";

export type Options = OptionsOf<typeof requestInput>;

/** `plants` → `/api/v1/plants`; `/api/v1/plants`, `/healthz`, `/openapi.yaml` stay as they are. */
export function endpointPath(path: string): string {
  if (/^\/(api\/|healthz|openapi|docs)/.test(path)) return path;
  return `/api/v1/${path.replace(/^\/+/, "")}`;
}

/** `-F` values: true, false, null, numbers and JSON objects/arrays typed, anything else a string. */
function typed(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new UsageError(`-F value is not valid JSON: ${text.slice(0, 40)}`);
    }
  }
  return text;
}

/** `key=value` pairs from -f (strings) and -F (typed), in the order given. */
export function parseFields(raw: readonly string[], typedFields: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const add = (pair: string, value: (text: string) => unknown, flag: string) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`${flag} needs key=value, got "${pair.slice(0, 40)}"`);
    fields[pair.slice(0, at)] = value(pair.slice(at + 1));
  };
  for (const pair of raw) add(pair, (text) => text, "-f");
  for (const pair of typedFields) add(pair, typed, "-F");
  return fields;
}

/** `--input FILE` (or `-`, stdin): the request body as given. */
async function inputBody(file: string, deps: CommandDeps): Promise<string> {
  if (file === "-") return readStdin(deps.io.stdin);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${file}: ${(error as Error).message}`);
  }
}

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const { apiUrl, token } = deps.config;
  if (token.value === undefined) {
    throw new ExitError(ExitCode.auth, "not logged in: run `voke login --with-token` or set VOKE_TOKEN", {
      code: "NOT_LOGGED_IN",
    });
  }
  const fields = parseFields(opts.rawField, opts.field);
  if (opts.paginate && opts.method !== "GET") throw new UsageError("--paginate works with GET only");
  if (opts.input !== undefined && opts.method === "GET")
    throw new UsageError("--input sends a request body: use it with POST, PUT, PATCH or DELETE");
  const input = opts.input === undefined ? undefined : await inputBody(opts.input, deps);
  // With --input the body is the file, so the fields go to the query string, as with gh api.
  const inQuery = opts.method === "GET" || opts.method === "DELETE" || input !== undefined;
  // As the SDK client does: node:http directly, or behind HTTPS_PROXY/HTTP_PROXY the SDK's undici fetch.
  const behindProxy = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some(
    (name) => deps.env[name],
  );
  const fetch = behindProxy
    ? (await import("@voke/sdk/node")).createNodeFetch({ ...deps.env })
    : (await import("../../net/http-fetch.ts")).createHttpFetch({
        fallback: (input, init) => globalThis.fetch(input, init),
      });

  const call = async (extraQuery: Record<string, unknown> = {}): Promise<Answer> => {
    const url = new URL(endpointPath(opts.path), `${apiUrl.value}/`);
    if (inQuery) {
      for (const [key, value] of Object.entries({ ...fields, ...extraQuery }))
        url.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
    }
    const sent = input ?? (!inQuery && Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined);
    const defaults = {
      authorization: `Bearer ${token.value}`,
      accept: "application/json",
      ...(sent === undefined ? {} : { "content-type": "application/json" }),
    };
    const response = await fetch(url.toString(), {
      method: opts.method,
      headers: requestHeaders(defaults, opts.header),
      ...(sent === undefined ? {} : { body: sent }),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json") && text !== "") body = JSON.parse(text);
    return { status: response.status, body, text };
  };

  const failed = (answer: Answer): never => {
    const error = answer.body as { code?: string; message?: string } | string;
    const summary =
      typeof error === "object" && error !== null ? `${error.code ?? "ERROR"}: ${error.message ?? ""}` : "";
    throw new ExitError(
      exitCodeForStatus(answer.status) as ExitCodeValue,
      `HTTP ${answer.status}${summary ? ` ${summary}` : ""}`,
      {
        code: typeof error === "object" && error?.code ? error.code : `HTTP_${answer.status}`,
      },
    );
  };

  // Like gh api: JSON unless -o asks otherwise (or --jq filters it).
  const { printer } = deps;
  const print = async (body: unknown) => {
    if (printer.format === "table") printer.text(`${JSON.stringify(body, null, 2)}\n`);
    else await printer.item(body);
  };
  const first = await call();
  if (first.status >= 400) {
    if (typeof first.body === "object") await print(first.body);
    failed(first);
  }
  if (!opts.paginate) {
    if (typeof first.body === "string")
      printer.text(first.text.endsWith("\n") ? first.text : `${first.text}\n`);
    else if (first.status !== 204) await print(first.body);
    return;
  }
  const page = first.body as { data?: unknown[]; meta?: { totalPages?: number } };
  if (!Array.isArray(page.data))
    throw new UsageError("--paginate needs a list endpoint (an answer with data and meta)");
  const all = [...page.data];
  const totalPages = page.meta?.totalPages ?? 1;
  for (let next = 2; next <= totalPages; next++) {
    const answer = await call({ page: next });
    if (answer.status >= 400) failed(answer);
    all.push(...((answer.body as { data?: unknown[] }).data ?? []));
  }
  if (printer.format === "table") printer.text(`${JSON.stringify(all, null, 2)}\n`);
  else await printer.list(all);
}
