// The envelope both sides use: one spelling of a signature, refusals by name, the previous secret accepted.
import { describe, expect, it } from "vitest";
import { encodeEnvelope, envelopeSignature, signEnvelope, verifyEnvelope } from "./envelope.ts";

const plantId = "bb17678d-82fa-43da-92e5-df833ebe5344";
const secret = "5f2b8c1e9a7d4f3b6e0c2a8d1f9b7e4c3a6d0f2e8b5c1a9d7f3e6b0c4a2d8f1e";
const body = { ts: "2025-06-01T12:00:00.000Z", nonce: "4c1d8e2a-7b3f", metrics: { soc: 71 } };

describe("verifyEnvelope", () => {
  it("accepts what signEnvelope made, from a string, bytes or the object", () => {
    const envelope = signEnvelope(plantId, secret, body);
    const payload = encodeEnvelope(envelope);
    for (const given of [payload, Buffer.from(payload), new Uint8Array(Buffer.from(payload)), envelope]) {
      expect(verifyEnvelope(plantId, [secret], given)).toEqual({
        ok: true,
        body,
        bodyText: envelope.body,
      });
    }
  });

  it("refuses an upper-case signature: a signature has one spelling", () => {
    const envelope = signEnvelope(plantId, secret, body);
    const upper = { ...envelope, sig: envelope.sig.toUpperCase() };
    expect(verifyEnvelope(plantId, secret, upper)).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("names every refusal", () => {
    const signed = (text: string) => ({ body: text, sig: envelopeSignature(plantId, secret, text) });
    expect(verifyEnvelope(plantId, secret, "not json")).toMatchObject({ reason: "BAD_JSON" });
    expect(verifyEnvelope(plantId, secret, '{"body":{}}')).toMatchObject({ reason: "BAD_JSON" });
    expect(verifyEnvelope(plantId, secret, '{"body":"{}"}')).toMatchObject({ reason: "UNSIGNED" });
    expect(verifyEnvelope(plantId, secret, { body: "{}", sig: "0".repeat(64) })).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
    expect(verifyEnvelope(plantId, secret, signed("[1]"))).toMatchObject({ reason: "BAD_BODY" });
    expect(verifyEnvelope(plantId, secret, signed("{"))).toMatchObject({ reason: "BAD_BODY" });
  });

  it("accepts any of the secrets given (the previous one during a rotation), and none of another plant's", () => {
    const envelope = signEnvelope(plantId, "old secret", body);
    expect(verifyEnvelope(plantId, [secret, "old secret"], envelope).ok).toBe(true);
    expect(verifyEnvelope(plantId, [secret], envelope).ok).toBe(false);
    expect(verifyEnvelope("another-plant", ["old secret"], envelope).ok).toBe(false);
  });
});
