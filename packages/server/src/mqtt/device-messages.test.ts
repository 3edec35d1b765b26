// The three device bodies: what each accepts, and the message each refusal carries.
import { describe, expect, it } from "vitest";
import { parseAck, parseStatus, parseTelemetry } from "./device-messages.ts";

describe("parseTelemetry", () => {
  it("accepts an object of finite numbers", () => {
    expect(parseTelemetry({ ts: "t", nonce: "n", metrics: { producedKwh: 1.5, socPct: 0 } })).toEqual({
      ok: true,
      value: { metrics: { producedKwh: 1.5, socPct: 0 } },
    });
  });

  it("refuses missing, empty, non-numeric and oversized metrics", () => {
    expect(parseTelemetry({})).toMatchObject({ ok: false, message: "metrics must be an object of numbers" });
    expect(parseTelemetry({ metrics: [1] })).toMatchObject({ ok: false });
    expect(parseTelemetry({ metrics: {} })).toMatchObject({ message: "metrics is empty" });
    expect(parseTelemetry({ metrics: { soc: "71" } })).toMatchObject({
      message: 'metric "soc" is not a finite number',
    });
    expect(parseTelemetry({ metrics: { soc: null } })).toMatchObject({ ok: false });
    expect(parseTelemetry({ metrics: { ["x".repeat(129)]: 1 } })).toMatchObject({ ok: false });
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`m${i}`, i]));
    expect(parseTelemetry({ metrics: many })).toMatchObject({ message: "at most 200 metrics per message" });
  });
});

describe("parseStatus", () => {
  it("keeps the self-reported fields, nulls included, and ignores others", () => {
    const parsed = parseStatus({
      ts: "t",
      nonce: "n",
      esiState: "IDLE",
      capacityKwh: null,
      plantWithLoad: true,
      extra: 1,
    });
    expect(parsed).toEqual({ ok: true, value: { esiState: "IDLE", capacityKwh: null, plantWithLoad: true } });
  });

  it("refuses fields of the wrong type, naming them", () => {
    expect(parseStatus({ capacityKwh: "13" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("capacityKwh"),
    });
    expect(parseStatus({ configEnabled: 1 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("configEnabled"),
    });
    expect(parseStatus({ capacityKwh: -1 })).toMatchObject({ ok: false });
  });
});

describe("parseAck", () => {
  it("accepts OK, ERROR and REJECTED with an optional response object", () => {
    expect(parseAck({ cmdId: "c1", status: "OK" })).toEqual({
      ok: true,
      value: { cmdId: "c1", status: "OK", response: null },
    });
    expect(parseAck({ cmdId: "c1", status: "ERROR", response: { code: 3 } })).toMatchObject({
      value: { status: "ERROR", response: { code: 3 } },
    });
  });

  it("refuses an unknown status, a missing cmdId and a response that is not an object", () => {
    expect(parseAck({ cmdId: "c1", status: "DONE" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("status"),
    });
    expect(parseAck({ status: "OK" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("cmdId"),
    });
    expect(parseAck({ cmdId: "c1", status: "OK", response: [1] })).toMatchObject({ ok: false });
  });
});
