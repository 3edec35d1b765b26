// Generates the per-plant HMAC secret that signs MQTT envelopes and serves as a PASSWORD plant's password.
import { randomBytes } from "node:crypto";

/**
 * 32 random bytes as 64 lowercase hex characters: hex survives shells, `openssl dgst -hmac` and
 * `mosquitto_pub -P` untouched, and the HMAC key is these characters' UTF-8 bytes.
 */
export function generateHmacSecret(): string {
  return randomBytes(32).toString("hex");
}
