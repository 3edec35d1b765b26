import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_MQTT_LIMITS, loadConfig } from "./config.ts";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      dataDir: resolve("./.voke"),
      httpHost: "127.0.0.1",
      httpPort: 8080,
      mqttHost: "127.0.0.1",
      mqttPort: 8883,
      publicMqttHost: "localhost",
      bootstrapToken: undefined,
      commandAckTimeoutSeconds: 60,
      commandTtlSeconds: 86_400,
      logLevel: "info",
      encryptionKey: undefined,
      telemetryRetentionDays: 30,
      maxBodyBytes: 1_048_576,
      rateLimitRps: 0,
      authFailuresPerMinute: 20,
      corsOrigins: [],
      mqttLimits: DEFAULT_MQTT_LIMITS,
    });
    // An idle connection is gone well within 15 s; a real device never meets the quotas.
    expect(DEFAULT_MQTT_LIMITS.handshakeTimeoutMs).toBeLessThanOrEqual(15_000);
    expect(DEFAULT_MQTT_LIMITS.maxConnectBytes).toBeLessThanOrEqual(16 * 1024);
    expect(DEFAULT_MQTT_LIMITS.telemetryPerSecond).toBeGreaterThanOrEqual(10);
  });

  it("reads every variable", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = loadConfig({
      VOKE_DATA_DIR: "/tmp/voke-data",
      VOKE_HTTP_HOST: "0.0.0.0",
      VOKE_HTTP_PORT: "0",
      VOKE_MQTT_HOST: "::",
      VOKE_MQTT_PORT: "1883",
      VOKE_PUBLIC_MQTT_HOST: "broker.example.test",
      VOKE_BOOTSTRAP_TOKEN: "voke_bootstrap_token_123",
      VOKE_COMMAND_ACK_TIMEOUT_S: "5",
      VOKE_COMMAND_TTL_S: "600",
      VOKE_LOG_LEVEL: "debug",
      VOKE_ENCRYPTION_KEY: key,
      VOKE_TELEMETRY_RETENTION_DAYS: "7",
      VOKE_MAX_BODY_BYTES: "2048",
      VOKE_RATE_LIMIT_RPS: "12.5",
      VOKE_AUTH_FAILURES_PER_MINUTE: "5",
      VOKE_MQTT_MAX_CONNECT_BYTES: "2048",
      VOKE_MQTT_MAX_PACKET_BYTES: "1000000",
      VOKE_MQTT_HANDSHAKE_TIMEOUT_MS: "1500",
      VOKE_MQTT_CONNECT_TIMEOUT_MS: "2500",
      VOKE_MQTT_MAX_CONNECTIONS: "50",
      VOKE_MQTT_MAX_SESSIONS_PER_PLANT: "2",
      VOKE_MQTT_AUTH_FAILURES_PER_SOURCE: "5",
      VOKE_MQTT_AUTH_FAILURES_PER_PLANT: "3",
      VOKE_MQTT_TELEMETRY_PER_SECOND: "7",
      VOKE_MQTT_TELEMETRY_BYTES_PER_DAY: "1000",
      VOKE_MQTT_REFUSAL_LOG_INTERVAL_S: "5",
    });
    expect(config).toMatchObject({
      dataDir: "/tmp/voke-data",
      httpHost: "0.0.0.0",
      httpPort: 0,
      mqttHost: "::",
      mqttPort: 1883,
      publicMqttHost: "broker.example.test",
      bootstrapToken: "voke_bootstrap_token_123",
      commandAckTimeoutSeconds: 5,
      commandTtlSeconds: 600,
      logLevel: "debug",
      encryptionKey: key,
      telemetryRetentionDays: 7,
      maxBodyBytes: 2048,
      rateLimitRps: 12.5,
      authFailuresPerMinute: 5,
      mqttLimits: {
        maxConnectBytes: 2048,
        maxPacketBytes: 1_000_000,
        handshakeTimeoutMs: 1500,
        connectTimeoutMs: 2500,
        maxConnections: 50,
        maxSessionsPerPlant: 2,
        authFailuresPerSource: 5,
        authFailuresPerPlant: 3,
        telemetryPerSecond: 7,
        telemetryBytesPerDay: 1000,
        refusalLogIntervalSeconds: 5,
      },
    });
  });

  it("reads VOKE_CORS_ORIGINS as a comma-separated list of exact origins", () => {
    expect(
      loadConfig({
        VOKE_CORS_ORIGINS: "http://localhost:5173, https://app.example.com,http://localhost:5173",
      }).corsOrigins,
    ).toEqual(["http://localhost:5173", "https://app.example.com"]);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ VOKE_HTTP_PORT: "" }).httpPort).toBe(8080);
  });

  it.each([
    ["VOKE_HTTP_PORT", "http", /must be a number/],
    ["VOKE_HTTP_PORT", "70000", /between 0 and 65535/],
    ["VOKE_MQTT_PORT", "1.5", /whole number/],
    ["VOKE_LOG_LEVEL", "loud", /one of debug, info, warn, error, silent/],
    ["VOKE_COMMAND_TTL_S", "0", /at least 1/],
    ["VOKE_MQTT_MAX_PACKET_BYTES", "0", /at least 1/],
    ["VOKE_MQTT_TELEMETRY_PER_SECOND", "fast", /must be a number/],
    ["VOKE_TELEMETRY_RETENTION_DAYS", "-3", /at least 1/],
    ["VOKE_MAX_BODY_BYTES", "lots", /must be a number/],
    ["VOKE_RATE_LIMIT_RPS", "-1", /0 \(off\) or more/],
    ["VOKE_RATE_LIMIT_RPS", "fast", /must be a number/],
    ["VOKE_ENCRYPTION_KEY", "c2hvcnQ=", /exactly 32 bytes/],
    ["VOKE_ENCRYPTION_KEY", "not base64!", /must be base64/],
    ["VOKE_BOOTSTRAP_TOKEN", "short", /at least 16/],
    ["VOKE_PUBLIC_MQTT_HOST", "   ", /must not be empty/],
    ["VOKE_CORS_ORIGINS", "*", /exact origins; wildcards are not allowed/],
    ["VOKE_CORS_ORIGINS", "https://*.example.com", /wildcards are not allowed/],
    ["VOKE_CORS_ORIGINS", "https://app.example.com/", /not an origin: write scheme:\/\/host\[:port\]/],
    ["VOKE_CORS_ORIGINS", "app.example.com", /not an origin/],
    ["VOKE_CORS_ORIGINS", "ftp://files.example.com", /not an origin/],
    ["VOKE_CORS_ORIGINS", " , ", /names no origin/],
  ])("%s=%s is refused with a message naming the variable", (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: `));
    expect(error.message).toMatch(message);
  });

  it("never repeats a secret value in the error", () => {
    const error = configError({ VOKE_ENCRYPTION_KEY: "c2VjcmV0LXZhbHVl" });
    expect(error.message).not.toContain("c2VjcmV0LXZhbHVl");
  });
});
