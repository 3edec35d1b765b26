/** Debug trace of every request (VOKE_DEBUG=1 or the `debug` option), with the token and secrets redacted. */
import { type Environment, readEnvironmentVariable } from "./environment.ts";

/** Receives one finished trace line at a time. */
export type DebugSink = (line: string) => void;

export type DebugOption = boolean | DebugSink | undefined;

/** Field names whose values never reach a trace: hmacSecret, clientKey, privateKey, token, password, ... */
const SECRET_FIELD =
  /secret|passw(or)?d|token|private_?key|client_?key|api_?key|authorization|credential|cookie/i;
/** A PEM private key under any field name. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const MAX_BODY_CHARS = 4_000;

export const REDACTED = "[REDACTED]";

/**
 * Picks where trace lines go: a function given as `debug` receives them; `debug: true`, or
 * `VOKE_DEBUG=1` in `env` (default: the runtime's environment, where it may be read), writes them to
 * `console.error`; `debug: false` silences both.
 */
export function resolveDebugSink(option: DebugOption, env?: Environment): DebugSink | undefined {
  if (typeof option === "function") return option;
  if (option === false) return undefined;
  const fromEnv = readEnvironmentVariable("VOKE_DEBUG", env);
  if (option === true || fromEnv === "1" || fromEnv === "true") return (line) => console.error(line);
  return undefined;
}

/** A deep copy of a JSON value with every secret field's value replaced by "[REDACTED]". */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return PEM_PRIVATE_KEY.test(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) && inner !== null ? REDACTED : redact(inner);
  }
  return copy;
}

/** Writes trace lines to a sink, scrubbing the API token wherever it might appear. */
export class DebugTrace {
  readonly #sink: DebugSink;
  readonly #token: string;

  constructor(sink: DebugSink, token: string) {
    this.#sink = sink;
    this.#token = token;
  }

  write(line: string): void {
    this.#sink(`[voke] ${this.#token ? line.replaceAll(this.#token, REDACTED) : line}`);
  }

  /** Renders a body for the trace: JSON with secrets redacted, anything else shortened. */
  body(text: string): string {
    if (text === "") return "";
    let shown: string;
    try {
      shown = JSON.stringify(redact(JSON.parse(text)));
    } catch {
      shown = PEM_PRIVATE_KEY.test(text) ? REDACTED : text;
    }
    return shown.length > MAX_BODY_CHARS
      ? `${shown.slice(0, MAX_BODY_CHARS)}… (${shown.length} chars)`
      : shown;
  }
}
