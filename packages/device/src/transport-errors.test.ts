import { ErrorWithReasonCode } from "mqtt";
import { describe, expect, it } from "vitest";
import { DeviceError } from "./errors.ts";
import { toDeviceError } from "./transport-errors.ts";

describe("toDeviceError", () => {
  it("reads a refused CONNACK as CONNECTION_REFUSED with the MQTT 3.1.1 meaning", () => {
    const error = toDeviceError(new ErrorWithReasonCode("Connection refused: Not authorized", 5));
    expect(error).toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 5 });
    expect(error.message).toBe("the broker refused the connection: not authorized");
    expect(
      toDeviceError(new ErrorWithReasonCode("Connection refused: Server unavailable", 4)).message,
    ).toContain("bad username or password");
  });

  it("sorts certificate failures as TLS and socket failures as NETWORK", () => {
    const tls = Object.assign(new Error("unable to verify the first certificate"), {
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
    expect(toDeviceError(tls).code).toBe("TLS");
    const altName = Object.assign(new Error("Hostname/IP does not match"), {
      code: "ERR_TLS_CERT_ALTNAME_INVALID",
    });
    expect(toDeviceError(altName).code).toBe("TLS");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(toDeviceError(refused)).toMatchObject({
      code: "NETWORK",
      message: "connect ECONNREFUSED 127.0.0.1:1",
    });
  });

  it("passes a DeviceError through", () => {
    const original = new DeviceError("TOKEN", "no token");
    expect(toDeviceError(original)).toBe(original);
  });
});
