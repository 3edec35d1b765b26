/**
 * What to do next after a failure, said the way gh says it: the server is not reachable (which URL,
 * is it running, how to start one), http and https mixed up (one line), a refused token (log in),
 * and never a value from the command line that may be a token.
 */

import type { ErrorReport } from "./main.ts";

export interface HintContext {
  /** The command line, to find the verb and to redact values that may be secrets. */
  argv: readonly string[];
  /** The API URL in force, when config resolution got that far. */
  apiUrl?: string | undefined;
  /** Where the token came from (`VOKE_TOKEN`, `profile "ci"`), when known. */
  tokenSource?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A word that could be a token: `voke_…`, or a long run of base64url-like characters with digits and letters. */
export function mayBeSecret(word: string): boolean {
  if (word.startsWith("-") || UUID.test(word)) return false;
  if (/^vok(e)?_\S{6,}$/.test(word)) return true;
  return (
    /^[A-Za-z0-9_\-+=.]{20,}$/.test(word) &&
    /\d/.test(word) &&
    /[A-Za-z]/.test(word) &&
    !/\.\w{2,4}$/.test(word)
  );
}

/** `text` with every command-line word that may be a token replaced by `<redacted>`. */
export function redactArguments(text: string, argv: readonly string[]): string {
  let out = text;
  for (const arg of argv) {
    const value = arg.includes("=") && arg.startsWith("--") ? arg.slice(arg.indexOf("=") + 1) : arg;
    if (mayBeSecret(value)) out = out.replaceAll(value, "<redacted>");
  }
  return out;
}

const TLS_TO_PLAIN =
  /wrong version number|WRONG_VERSION_NUMBER|EPROTO|packet length too long|unknown protocol/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up|ECONNRESET/;

function origin(report: ErrorReport, context: HintContext): string | undefined {
  const fromMessage = /Cannot reach (\S+?):? /.exec(report.message)?.[1];
  const candidate = fromMessage ?? context.apiUrl;
  try {
    return candidate ? new URL(candidate).origin : undefined;
  } catch {
    return candidate;
  }
}

/** The verb the command line names (`login`, `plants list`), ignoring flags. */
function verbOf(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith("-"));
}

/**
 * The report to print (a clearer message where the raw one is a library's) and the hint lines
 * after it.
 */
export function withHints(
  report: ErrorReport,
  context: HintContext,
): { report: ErrorReport; hints: string[] } {
  const url = origin(report, context);
  if (report.code === "CONNECTION_ERROR" && url?.startsWith("https:") && TLS_TO_PLAIN.test(report.message)) {
    const plain = url.replace(/^https:/, "http:");
    return {
      report: {
        ...report,
        message: `${url} does not speak HTTPS (it answered like a plain HTTP server): use ${plain}`,
      },
      hints: [],
    };
  }
  if (report.code === "CONNECTION_ERROR" && UNREACHABLE.test(report.message)) {
    const hints = [
      `Is voke-server running at ${url ?? "the API URL"}? Start one with \`voke-server start\` (in a checkout: \`pnpm start\`),`,
      "or point voke at another with --api-url URL or VOKE_API_URL (`voke auth status` shows which one is in use).",
    ];
    if (url?.startsWith("http:") && /socket hang up|ECONNRESET/.test(report.message)) {
      hints.unshift(`If that server speaks HTTPS, use ${url.replace(/^http:/, "https:")}.`);
    }
    return { report, hints };
  }
  if (report.status === 401 && verbOf(context.argv) !== "login") {
    const from = context.tokenSource ? ` (the token came from ${context.tokenSource})` : "";
    return {
      report,
      hints: [`The API refused the token${from}: run \`voke login --with-token\` to save a valid one.`],
    };
  }
  return { report, hints: [] };
}
