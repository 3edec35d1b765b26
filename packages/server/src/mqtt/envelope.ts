/**
 * The signed envelope of every MQTT message, both ways: `{"body": "<JSON text>", "sig": "<hex>"}` with
 * `sig` = HMAC-SHA256 keyed with the UTF-8 bytes of the plant's hmacSecret over `plantId + "." + body`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a device payload was refused before its body was looked at. */
export type EnvelopeRefusal = "bad-json" | "bad-signature";

export type OpenedEnvelope =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; reason: EnvelopeRefusal | "bad-body"; message: string };

const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * The raw HMAC-SHA256 over `plantId + "." + body`; hex of it is what `sig` carries. Equal to
 * `printf '%s' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
 */
export function envelopeDigest(plantId: string, secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(`${plantId}.${body}`).digest();
}

/**
 * The MQTT payload carrying `body` (JSON-encoded here) signed for `plantId`.
 *
 * @example client.publish({ topic, payload: sealEnvelope(plantId, secret, { ts, nonce, cmdId }), qos: 1 })
 */
export function sealEnvelope(plantId: string, secret: string, body: object): string {
  const text = JSON.stringify(body);
  return JSON.stringify({ body: text, sig: envelopeDigest(plantId, secret, text).toString("hex") });
}

/**
 * Checks a device payload signed for `plantId` with one of `secrets` (current first, then the previous one
 * during its grace period) and returns the parsed body. Never throws: a refusal says why.
 */
export function openEnvelope(
  plantId: string,
  secrets: readonly string[],
  payload: Buffer | string,
): OpenedEnvelope {
  let outer: unknown;
  try {
    outer = JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
  } catch {
    return { ok: false, reason: "bad-json", message: "payload is not JSON" };
  }
  if (!isObject(outer) || typeof outer.body !== "string") {
    return {
      ok: false,
      reason: "bad-json",
      message: 'payload must be {"body": "<JSON text>", "sig": "<hex>"}',
    };
  }
  if (typeof outer.sig !== "string" || !SIGNATURE.test(outer.sig)) {
    return { ok: false, reason: "bad-signature", message: "sig must be 64 hex characters" };
  }
  const given = Buffer.from(outer.sig, "hex");
  const body = outer.body;
  // Every secret is tried, so the time taken does not tell which one matched.
  let matched = false;
  for (const secret of secrets) {
    if (timingSafeEqual(envelopeDigest(plantId, secret, body), given)) matched = true;
  }
  if (!matched) return { ok: false, reason: "bad-signature", message: "signature does not match" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: "bad-body", message: "body is not JSON text" };
  }
  if (!isObject(parsed)) return { ok: false, reason: "bad-body", message: "body is not a JSON object" };
  return { ok: true, body: parsed };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
