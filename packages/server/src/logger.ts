/** Structured logging: one JSON object per line on stderr, filtered by level, secrets redacted. */

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Field names that may carry credentials: their values never reach a log line.
const SECRET_FIELD =
  /token|secret|password|passphrase|authorization|cookie|private|credential|(^|[a-z_])key$/i;
const REDACTED = "[REDACTED]";
// Names that match SECRET_FIELD but hold a public identifier that logs need (which API token acted).
const PUBLIC_FIELD = new Set(["tokenId", "createdTokenId", "revokedTokenId"]);

/**
 * A copy of `value` with the values of secret-looking fields replaced, at any depth. Errors become
 * `{name, message}`: stacks stay out of the logs.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[…]";
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      out[name] =
        SECRET_FIELD.test(name) && !PUBLIC_FIELD.has(name) && inner !== null && inner !== undefined
          ? REDACTED
          : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where each finished line goes; stderr by default. */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * @example
 * const logger = createLogger({ level: "info" });
 * logger.info("plant provisioned", { plantId });
 */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const threshold = RANK[options.level];

  const make = (bound: LogFields): Logger => {
    const log = (level: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => {
      if (RANK[level] < threshold) return;
      const record = redact({ ...bound, ...fields }) as LogFields;
      write(`${JSON.stringify({ time: now().toISOString(), level, msg: message, ...record })}\n`);
    };
    return {
      debug: (message, fields) => log("debug", message, fields),
      info: (message, fields) => log("info", message, fields),
      warn: (message, fields) => log("warn", message, fields),
      error: (message, fields) => log("error", message, fields),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything; the default in tests. */
export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });
