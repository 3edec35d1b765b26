/** The server's configuration, read from the environment and checked once at start. */
import { resolve } from "node:path";
import { z } from "zod";
import type { LogLevel } from "./logger.ts";

export interface ServerConfig {
  /** SQLite database, CA key and certificate, encryption key. */
  dataDir: string;
  httpHost: string;
  httpPort: number;
  mqttHost: string;
  mqttPort: number;
  /** Broker host written into provisioning packages and the broker certificate. */
  publicMqttHost: string;
  /** Admin token of the default organization on first start. */
  bootstrapToken: string | undefined;
  commandAckTimeoutSeconds: number;
  commandTtlSeconds: number;
  logLevel: LogLevel;
  /** Base64 of 32 bytes; when absent the key lives in the data directory. */
  encryptionKey: string | undefined;
  telemetryRetentionDays: number;
  maxBodyBytes: number;
  /**
   * VOKE_RATE_LIMIT_RPS: requests per second each API token may keep up, with bursts of twice that; over
   * it a request is answered 429 RATE_LIMITED with Retry-After. 0 (the default) turns limiting off.
   */
  rateLimitRps: number;
  /**
   * VOKE_AUTH_FAILURES_PER_MINUTE: failed authentications a source address may make per minute (bursts of
   * the same number); past it every request from that address is 429 with Retry-After until it
   * refills. 0 turns the throttle off; 20 by default.
   */
  authFailuresPerMinute: number;
  /** VOKE_CORS_ORIGINS: exact origins a browser app may call the API from; empty (the default): none. */
  corsOrigins: string[];
  /** The broker's limits, VOKE_MQTT_* (README "Configuration"). */
  mqttLimits: MqttLimits;
}

/** What the broker allows one connection, one source and one plant. */
export interface MqttLimits {
  /** VOKE_MQTT_MAX_CONNECT_BYTES: the largest CONNECT packet; a larger one is cut while it arrives. */
  maxConnectBytes: number;
  /** VOKE_MQTT_MAX_PACKET_BYTES: the largest later packet (PUBLISH); a larger one closes the connection. */
  maxPacketBytes: number;
  /** VOKE_MQTT_HANDSHAKE_TIMEOUT_MS: TCP accept to finished TLS handshake. */
  handshakeTimeoutMs: number;
  /** VOKE_MQTT_CONNECT_TIMEOUT_MS: finished handshake to a complete CONNECT. */
  connectTimeoutMs: number;
  /** VOKE_MQTT_MAX_CONNECTIONS: concurrent connections; more are closed at accept. */
  maxConnections: number;
  /** VOKE_MQTT_MAX_SESSIONS_PER_PLANT: sessions one plant may hold at once (`<id>`, `<id>:<suffix>`…). */
  maxSessionsPerPlant: number;
  /** VOKE_MQTT_AUTH_FAILURES_PER_SOURCE: failed CONNECTs per address per minute before it is cut off for the minute. */
  authFailuresPerSource: number;
  /** VOKE_MQTT_AUTH_FAILURES_PER_PLANT: failed CONNECTs per plant per minute added to its counters. */
  authFailuresPerPlant: number;
  /** VOKE_MQTT_TELEMETRY_PER_SECOND: telemetry messages per plant per second (bursts of a minute's worth). */
  telemetryPerSecond: number;
  /** VOKE_MQTT_TELEMETRY_BYTES_PER_DAY: telemetry payload bytes per plant per UTC day. */
  telemetryBytesPerDay: number;
  /** VOKE_MQTT_REFUSAL_LOG_INTERVAL_S: how often the aggregated refusal lines are logged. */
  refusalLogIntervalSeconds: number;
}

/** The broker's limits when nothing is configured. */
export const DEFAULT_MQTT_LIMITS: MqttLimits = {
  maxConnectBytes: 4096,
  maxPacketBytes: 128 * 1024,
  handshakeTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxSessionsPerPlant: 4,
  authFailuresPerSource: 30,
  authFailuresPerPlant: 10,
  telemetryPerSecond: 20,
  telemetryBytesPerDay: 256 * 1024 * 1024,
  refusalLogIntervalSeconds: 60,
};

/** A configuration value is unusable; `variable` names the environment variable at fault. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`);

const host = z.string().trim().min(1, "must not be empty");

const base64Key = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64 (make one with `openssl rand -base64 32`)")
  .refine((text) => Buffer.from(text, "base64").length === 32, "must decode to exactly 32 bytes");

// Keys are the environment variable names, so an issue's path names the variable at fault.
const environmentSchema = z.object({
  VOKE_DATA_DIR: z.string().trim().min(1, "must not be empty").default("./.voke"),
  VOKE_HTTP_HOST: host.default("127.0.0.1"),
  VOKE_HTTP_PORT: port.default(8080),
  VOKE_MQTT_HOST: host.default("127.0.0.1"),
  VOKE_MQTT_PORT: port.default(8883),
  VOKE_PUBLIC_MQTT_HOST: host.default("localhost"),
  VOKE_BOOTSTRAP_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .max(200, "must be at most 200 characters")
    .regex(/^[A-Za-z0-9._~+/=-]+$/, "may contain only letters, digits and . _ ~ + / = -")
    .optional(),
  VOKE_COMMAND_ACK_TIMEOUT_S: positiveInt(86_400).default(60),
  VOKE_COMMAND_TTL_S: positiveInt(31_536_000).default(86_400),
  VOKE_LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"], {
      error: "must be one of debug, info, warn, error, silent",
    })
    .default("info"),
  VOKE_ENCRYPTION_KEY: base64Key.optional(),
  VOKE_TELEMETRY_RETENTION_DAYS: positiveInt(3650).default(30),
  VOKE_MAX_BODY_BYTES: positiveInt(64 * 1024 * 1024).default(1024 * 1024),
  VOKE_RATE_LIMIT_RPS: z.coerce
    .number({ error: "must be a number" })
    .min(0, "must be 0 (off) or more")
    .max(1_000_000, "must be at most 1000000")
    .default(0),
  VOKE_AUTH_FAILURES_PER_MINUTE: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 (off) or more")
    .max(1_000_000, "must be at most 1000000")
    .default(20),
  VOKE_CORS_ORIGINS: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseCorsOrigins(text);
      if ("origins" in parsed) return parsed.origins;
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    })
    .default([]),
  VOKE_MQTT_MAX_CONNECT_BYTES: positiveInt(1024 * 1024).default(DEFAULT_MQTT_LIMITS.maxConnectBytes),
  VOKE_MQTT_MAX_PACKET_BYTES: positiveInt(256 * 1024 * 1024).default(DEFAULT_MQTT_LIMITS.maxPacketBytes),
  VOKE_MQTT_HANDSHAKE_TIMEOUT_MS: positiveInt(600_000).default(DEFAULT_MQTT_LIMITS.handshakeTimeoutMs),
  VOKE_MQTT_CONNECT_TIMEOUT_MS: positiveInt(600_000).default(DEFAULT_MQTT_LIMITS.connectTimeoutMs),
  VOKE_MQTT_MAX_CONNECTIONS: positiveInt(1_000_000).default(DEFAULT_MQTT_LIMITS.maxConnections),
  VOKE_MQTT_MAX_SESSIONS_PER_PLANT: positiveInt(64).default(DEFAULT_MQTT_LIMITS.maxSessionsPerPlant),
  VOKE_MQTT_AUTH_FAILURES_PER_SOURCE: positiveInt(1_000_000).default(
    DEFAULT_MQTT_LIMITS.authFailuresPerSource,
  ),
  VOKE_MQTT_AUTH_FAILURES_PER_PLANT: positiveInt(1_000_000).default(DEFAULT_MQTT_LIMITS.authFailuresPerPlant),
  VOKE_MQTT_TELEMETRY_PER_SECOND: positiveInt(1_000_000).default(DEFAULT_MQTT_LIMITS.telemetryPerSecond),
  VOKE_MQTT_TELEMETRY_BYTES_PER_DAY: positiveInt(Number.MAX_SAFE_INTEGER).default(
    DEFAULT_MQTT_LIMITS.telemetryBytesPerDay,
  ),
  VOKE_MQTT_REFUSAL_LOG_INTERVAL_S: positiveInt(86_400).default(
    DEFAULT_MQTT_LIMITS.refusalLogIntervalSeconds,
  ),
});

/**
 * Reads the configuration from `env`; empty variables count as unset. Throws ConfigError naming the first
 * bad variable.
 *
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const present: Record<string, string> = {};
  for (const name of Object.keys(environmentSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value !== "") present[name] = value;
  }
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    // Never echo the offending value: it may be a key or a token.
    throw new ConfigError(variable, issue?.message ?? "invalid value");
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.VOKE_DATA_DIR),
    httpHost: e.VOKE_HTTP_HOST,
    httpPort: e.VOKE_HTTP_PORT,
    mqttHost: e.VOKE_MQTT_HOST,
    mqttPort: e.VOKE_MQTT_PORT,
    publicMqttHost: e.VOKE_PUBLIC_MQTT_HOST,
    bootstrapToken: e.VOKE_BOOTSTRAP_TOKEN,
    commandAckTimeoutSeconds: e.VOKE_COMMAND_ACK_TIMEOUT_S,
    commandTtlSeconds: e.VOKE_COMMAND_TTL_S,
    logLevel: e.VOKE_LOG_LEVEL,
    encryptionKey: e.VOKE_ENCRYPTION_KEY,
    telemetryRetentionDays: e.VOKE_TELEMETRY_RETENTION_DAYS,
    maxBodyBytes: e.VOKE_MAX_BODY_BYTES,
    rateLimitRps: e.VOKE_RATE_LIMIT_RPS,
    authFailuresPerMinute: e.VOKE_AUTH_FAILURES_PER_MINUTE,
    corsOrigins: e.VOKE_CORS_ORIGINS,
    mqttLimits: {
      maxConnectBytes: e.VOKE_MQTT_MAX_CONNECT_BYTES,
      maxPacketBytes: e.VOKE_MQTT_MAX_PACKET_BYTES,
      handshakeTimeoutMs: e.VOKE_MQTT_HANDSHAKE_TIMEOUT_MS,
      connectTimeoutMs: e.VOKE_MQTT_CONNECT_TIMEOUT_MS,
      maxConnections: e.VOKE_MQTT_MAX_CONNECTIONS,
      maxSessionsPerPlant: e.VOKE_MQTT_MAX_SESSIONS_PER_PLANT,
      authFailuresPerSource: e.VOKE_MQTT_AUTH_FAILURES_PER_SOURCE,
      authFailuresPerPlant: e.VOKE_MQTT_AUTH_FAILURES_PER_PLANT,
      telemetryPerSecond: e.VOKE_MQTT_TELEMETRY_PER_SECOND,
      telemetryBytesPerDay: e.VOKE_MQTT_TELEMETRY_BYTES_PER_DAY,
      refusalLogIntervalSeconds: e.VOKE_MQTT_REFUSAL_LOG_INTERVAL_S,
    },
  };
}

/**
 * Parses VOKE_CORS_ORIGINS: a comma-separated list of exact origins (`scheme://host[:port]`). Returns the
 * origins, or a message saying what is wrong with the first bad entry.
 */
export function parseCorsOrigins(text: string): { origins: string[] } | { problem: string } {
  const origins: string[] = [];
  for (const entry of text.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    if (entry.includes("*")) {
      return { problem: `"${entry}": list exact origins; wildcards are not allowed` };
    }
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== entry) {
      return {
        problem: `"${entry}" is not an origin: write scheme://host[:port] with no path or trailing slash, e.g. https://app.example.com`,
      };
    }
    if (!origins.includes(entry)) origins.push(entry);
  }
  if (origins.length === 0) return { problem: "names no origin" };
  return { origins };
}
