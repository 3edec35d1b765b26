import { describe, expect, it } from "vitest";
import { DeviceError } from "./errors.ts";
import { ackBody, parseCommandBody, statusBody, telemetryBody } from "./messages.ts";

const stamp = { ts: "2025-06-01T12:00:00.000Z", nonce: "4c1d8e2a-7b3f-4e9a-b6d0-2f8c5a1e9b73" };

describe("telemetryBody", () => {
  it("puts ts and nonce before the metrics", () => {
    expect(JSON.stringify(telemetryBody(stamp, { producedKwh: 1204.5, soc: 71 }))).toBe(
      '{"ts":"2025-06-01T12:00:00.000Z","nonce":"4c1d8e2a-7b3f-4e9a-b6d0-2f8c5a1e9b73","metrics":{"producedKwh":1204.5,"soc":71}}',
    );
  });

  it("names the metric that is not a finite number", () => {
    expect(() => telemetryBody(stamp, { soc: Number.NaN })).toThrow(
      'metric "soc" must be a finite number, got NaN',
    );
    expect(() => telemetryBody(stamp, { soc: "71" as unknown as number })).toThrow(
      'metric "soc" must be a finite number, got string',
    );
    expect(() => telemetryBody(stamp, {})).toThrow(/at least one metric/);
    expect(() => telemetryBody(stamp, { "": 1 })).toThrow(/1–128 characters/);
    const tooMany = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`m${i}`, i]));
    expect(() => telemetryBody(stamp, tooMany)).toThrow(/at most 200 metrics per message, got 201/);
    expect(() => telemetryBody(stamp, null as unknown as Record<string, number>)).toThrow(DeviceError);
  });
});

describe("statusBody", () => {
  it("keeps the known fields that are set", () => {
    expect(
      statusBody(stamp, {
        esiState: "PLC_READY",
        capacityKwh: 120,
        plantWithLoad: true,
        configEnabled: undefined,
      }),
    ).toEqual({
      ...stamp,
      esiState: "PLC_READY",
      capacityKwh: 120,
      plantWithLoad: true,
    });
  });

  it("sends null to clear a field", () => {
    expect(statusBody(stamp, { esiState: null })).toEqual({ ...stamp, esiState: null });
  });

  it("refuses an unknown field, a wrong type and an empty status", () => {
    expect(() => statusBody(stamp, { capacity: 1 } as never)).toThrow(/unknown status field "capacity"/);
    expect(() => statusBody(stamp, { plantWithLoad: "yes" } as never)).toThrow(
      /"plantWithLoad" must be a boolean or null, got string/,
    );
    expect(() => statusBody(stamp, { capacityKwh: Number.POSITIVE_INFINITY })).toThrow(/finite number ≥ 0/);
    expect(() => statusBody(stamp, { fvePeakPowerKwp: -1 })).toThrow(/finite number ≥ 0 or null, got -1/);
    expect(() => statusBody(stamp, { esiState: "X".repeat(65) })).toThrow(/at most 64 characters/);
    expect(() => statusBody(stamp, {})).toThrow(/at least one field/);
  });
});

describe("ackBody", () => {
  it("carries cmdId, status and the response when there is one", () => {
    expect(ackBody(stamp, "cmd-1", "OK", { rebooted: true })).toEqual({
      ...stamp,
      cmdId: "cmd-1",
      status: "OK",
      response: { rebooted: true },
    });
    expect(ackBody(stamp, "cmd-1", "REJECTED")).not.toHaveProperty("response");
    expect(() => ackBody(stamp, "cmd-1", "DONE" as never)).toThrow(/OK, ERROR, REJECTED/);
  });
});

describe("parseCommandBody", () => {
  const command = {
    ...stamp,
    cmdId: "c-1",
    command: "reboot",
    payload: { delayS: 5 },
    target: null,
    expiresAt: "2025-06-02T12:00:00.000Z",
  };

  it("reads a command the server sent", () => {
    expect(parseCommandBody(command)).toEqual(command);
    expect(parseCommandBody({ ...stamp, cmdId: "c-2", command: "ping" })).toEqual({
      ...stamp,
      cmdId: "c-2",
      command: "ping",
      payload: null,
      target: null,
      expiresAt: null,
    });
  });

  it("explains what is missing", () => {
    expect(parseCommandBody({ ...command, cmdId: undefined })).toBe("cmdId must be a non-empty string");
    expect(parseCommandBody({ ...command, command: "" })).toBe("command must be a non-empty string");
    expect(parseCommandBody({ ...command, ts: "yesterday" })).toBe("ts must be an ISO 8601 time");
    expect(parseCommandBody({ ...command, nonce: "short" })).toBe("nonce must be 8–64 characters");
    expect(parseCommandBody({ ...command, payload: [1] })).toBe("payload must be an object or null");
    expect(parseCommandBody({ ...command, target: 3 })).toBe("target must be a string or null");
  });
});
