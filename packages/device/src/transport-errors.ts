/** Sorts what mqtt.js and Node's TLS stack report into DeviceError codes a device can act on. */
import { DeviceError } from "./errors.ts";

// MQTT 3.1.1 CONNACK return codes (mqtt.js prints MQTT 5 names for them, which mislead).
const CONNACK_MEANING: Record<number, string> = {
  1: "unacceptable protocol version",
  2: "identifier rejected",
  3: "server unavailable",
  4: "bad username or password",
  5: "not authorized",
};

// OpenSSL verification codes and Node's TLS error codes.
const TLS_CODE = /CERT|SSL|TLS|ISSUER|SIGNATURE|HANDSHAKE/;

export function toDeviceError(error: unknown): DeviceError {
  if (error instanceof DeviceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number" && message.startsWith("Connection refused")) {
    const meaning = CONNACK_MEANING[code] ?? `return code ${code}`;
    return new DeviceError("CONNECTION_REFUSED", `the broker refused the connection: ${meaning}`, {
      cause: error,
      reasonCode: code,
    });
  }
  if ((typeof code === "string" && TLS_CODE.test(code)) || message === "TLS not authorized") {
    return new DeviceError("TLS", `TLS failed: ${message}`, { cause: error });
  }
  return new DeviceError("NETWORK", message, { cause: error });
}
