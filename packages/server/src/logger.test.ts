import { describe, expect, it } from "vitest";
import { createLogger, redact } from "./logger.ts";

function capture(level: "debug" | "info" | "warn" | "error" | "silent") {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line), now: () => new Date(0) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes one JSON object per line with time, level and message", () => {
    const { logger, lines, records } = capture("info");
    logger.info("plant created", { plantId: "p1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(records()[0]).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "info",
      msg: "plant created",
      plantId: "p1",
    });
  });

  it("drops lines below the configured level", () => {
    const { logger, records } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(records().map((r) => r.level)).toEqual(["warn", "error"]);
  });

  it("silent writes nothing", () => {
    const { logger, lines } = capture("silent");
    logger.error("boom");
    expect(lines).toEqual([]);
  });

  it("child loggers carry their fields", () => {
    const { logger, records } = capture("debug");
    logger.child({ requestId: "r1" }).child({ plantId: "p1" }).debug("x", { extra: 1 });
    expect(records()[0]).toMatchObject({ requestId: "r1", plantId: "p1", extra: 1 });
  });

  it("never prints token, secret, key or password values, at any depth", () => {
    const { logger, lines } = capture("debug");
    logger.info("sensitive", {
      token: "voke_abc",
      hmacSecret: "deadbeef",
      clientKey: "-----BEGIN PRIVATE KEY-----",
      privateKeyPem: "pem-body",
      password: "hunter2",
      authorization: "Bearer voke_abc",
      nested: { previousSecret: "cafebabe", list: [{ apiKey: "k-123" }] },
      keyCount: 3,
    });
    const text = lines.join("");
    for (const secret of [
      "voke_abc",
      "deadbeef",
      "BEGIN PRIVATE",
      "pem-body",
      "hunter2",
      "cafebabe",
      "k-123",
    ]) {
      expect(text).not.toContain(secret);
    }
    const record = JSON.parse(text) as Record<string, unknown>;
    expect(record.token).toBe("[REDACTED]");
    expect(record.keyCount).toBe(3);
  });

  it("redact turns errors into name and message and keeps plain values", () => {
    expect(redact({ err: new TypeError("bad"), n: 1, when: new Date(0) })).toEqual({
      err: { name: "TypeError", message: "bad" },
      n: 1,
      when: "1970-01-01T00:00:00.000Z",
    });
  });
});
