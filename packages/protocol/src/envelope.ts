/**
 * The signed envelope every Voke MQTT message travels in, both ways: `{"body": "<JSON text>", "sig": "<hex>"}`,
 * where `sig` is the lowercase hex HMAC-SHA256 of `plantId + "." + body` keyed with the UTF-8 bytes of the
 * plant's hmacSecret text. The body stays a string so the signature covers its exact bytes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { EnvelopeRefusal } from "./refusals.ts";

/** A message as it goes over the wire (before JSON encoding of the outer object). */
export interface SignedEnvelope {
  body: string;
  sig: string;
}

export type EnvelopeCheck =
  | { ok: true; body: Record<string, unknown>; bodyText: string }
  | { ok: false; reason: EnvelopeRefusal; message: string };

/** `sig` is exactly 64 lowercase hex characters; upper case is refused, so there is one spelling of a signature. */
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * The raw HMAC-SHA256 over `plantId + "." + body`, keyed with the UTF-8 bytes of `secret`.
 * Equal to `printf '%s' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
 */
export function envelopeDigest(plantId: string, secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(`${plantId}.${body}`).digest();
}

/** The lowercase hex signature of `body` for `plantId`. */
export function envelopeSignature(plantId: string, secret: string, body: string): string {
  return envelopeDigest(plantId, secret, body).toString("hex");
}

/**
 * Signs a body for `plantId`. An object body is JSON-encoded first; a string body is signed as given.
 *
 * @example
 * const envelope = signEnvelope(plantId, secret, { ts: new Date().toISOString(), nonce, metrics: { soc: 71 } });
 * client.publish(topics.telemetry, encodeEnvelope(envelope), { qos: 1 });
 */
export function signEnvelope(plantId: string, secret: string, body: string | object): SignedEnvelope {
  if (typeof plantId !== "string" || plantId === "")
    throw new TypeError("plantId must be a non-empty string");
  if (typeof secret !== "string" || secret === "") throw new TypeError("secret must be a non-empty string");
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { body: text, sig: envelopeSignature(plantId, secret, text) };
}

/** The MQTT payload for an envelope: UTF-8 JSON of `{body, sig}`. */
export function encodeEnvelope(envelope: SignedEnvelope): string {
  return JSON.stringify({ body: envelope.body, sig: envelope.sig });
}

/**
 * Checks a payload signed for `plantId` with any of `secrets` (the current secret and, during a rotation's
 * grace period, the previous one), then parses its body. Never throws: a refusal names why.
 *
 * @example
 * const check = verifyEnvelope(plantId, [secret], payloadBuffer);
 * if (!check.ok) console.warn("dropped", check.reason);
 */
export function verifyEnvelope(
  plantId: string,
  secrets: string | readonly string[],
  payload: string | Uint8Array | SignedEnvelope,
): EnvelopeCheck {
  const outer = parseOuter(payload);
  if (!outer.ok) return outer;
  const { body, sig } = outer;
  if (sig === undefined || sig === "") return refuse("UNSIGNED", "the envelope has no signature");
  if (!HEX_SIGNATURE.test(sig)) return refuse("BAD_SIGNATURE", "sig is not 64 lowercase hex characters");
  const given = Buffer.from(sig, "hex");
  const keys = typeof secrets === "string" ? [secrets] : secrets;
  // Every secret is tried, so the time taken does not tell which one matched.
  let matched = false;
  for (const secret of keys) {
    if (typeof secret !== "string" || secret === "") continue;
    if (timingSafeEqual(envelopeDigest(plantId, secret, body), given)) matched = true;
  }
  if (!matched) return refuse("BAD_SIGNATURE", "the signature does not match the body");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return refuse("BAD_BODY", "body is not JSON text");
  }
  if (!isPlainObject(value)) return refuse("BAD_BODY", "body is not a JSON object");
  return { ok: true, body: value, bodyText: body };
}

type OuterParse =
  | { ok: true; body: string; sig: string | undefined }
  | { ok: false; reason: EnvelopeRefusal; message: string };

function parseOuter(payload: string | Uint8Array | SignedEnvelope): OuterParse {
  let value: unknown = payload;
  if (typeof payload === "string" || payload instanceof Uint8Array) {
    const text =
      typeof payload === "string"
        ? payload
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
    try {
      value = JSON.parse(text);
    } catch {
      return refuse("BAD_JSON", "payload is not JSON");
    }
  }
  if (!isPlainObject(value)) return refuse("BAD_JSON", "payload is not a JSON object");
  if (typeof value.body !== "string") return refuse("BAD_JSON", "body must be a string holding JSON text");
  if (value.sig !== undefined && value.sig !== null && typeof value.sig !== "string") {
    return refuse("BAD_SIGNATURE", "sig must be a string");
  }
  return { ok: true, body: value.body, sig: typeof value.sig === "string" ? value.sig : undefined };
}

function refuse(
  reason: EnvelopeRefusal,
  message: string,
): { ok: false; reason: EnvelopeRefusal; message: string } {
  return { ok: false, reason, message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
