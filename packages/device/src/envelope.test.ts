import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { encodeEnvelope, envelopeSignature, signEnvelope, verifyEnvelope } from "./envelope.ts";

const plantId = "bb17678d-82fa-43da-92e5-df833ebe5344";
const secret = "5f2b8c1e9a7d4f3b6e0c2a8d1f9b7e4c3a6d0f2e8b5c1a9d7f3e6b0c4a2d8f1e";

describe("envelopeSignature", () => {
  it("equals openssl dgst -sha256 -hmac over plantId.body, including non-ASCII text", () => {
    const body = '{"ts":"2025-06-01T12:00:00.000Z","nonce":"n-0000001","metrics":{"teplota°C":21.5}}';
    const openssl = execFileSync("openssl", ["dgst", "-sha256", "-hmac", secret, "-r"], {
      input: Buffer.from(`${plantId}.${body}`, "utf8"),
    })
      .toString()
      .split(" ")[0];
    expect(envelopeSignature(plantId, secret, body)).toBe(openssl);
  });
});

describe("signEnvelope / verifyEnvelope", () => {
  it("signs an object body as its JSON text and verifies it back", () => {
    const envelope = signEnvelope(plantId, secret, {
      ts: "2025-06-01T12:00:00.000Z",
      nonce: "abcdefgh",
      metrics: { soc: 71 },
    });
    expect(envelope.body).toBe('{"ts":"2025-06-01T12:00:00.000Z","nonce":"abcdefgh","metrics":{"soc":71}}');
    expect(envelope.sig).toMatch(/^[0-9a-f]{64}$/);
    const check = verifyEnvelope(plantId, secret, Buffer.from(encodeEnvelope(envelope)));
    expect(check).toEqual({
      ok: true,
      body: { ts: "2025-06-01T12:00:00.000Z", nonce: "abcdefgh", metrics: { soc: 71 } },
      bodyText: envelope.body,
    });
  });

  it("accepts any of several secrets (previous secret during a rotation)", () => {
    const envelope = signEnvelope(plantId, "old-secret", '{"a":1}');
    expect(verifyEnvelope(plantId, ["new-secret", "old-secret"], envelope).ok).toBe(true);
    expect(verifyEnvelope(plantId, ["new-secret"], envelope)).toMatchObject({
      ok: false,
      reason: "BAD_SIGNATURE",
    });
  });

  it("refuses a signature made for another plant, a changed body, and an uppercase signature", () => {
    const envelope = signEnvelope(plantId, secret, '{"a":1}');
    expect(verifyEnvelope("0c9e1a54-0000-4000-8000-000000000000", secret, envelope)).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
    expect(verifyEnvelope(plantId, secret, { ...envelope, body: '{"a":2}' })).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
    expect(verifyEnvelope(plantId, secret, { ...envelope, sig: envelope.sig.toUpperCase() })).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
  });

  it("says why a payload is unusable instead of throwing", () => {
    expect(verifyEnvelope(plantId, secret, "not json")).toMatchObject({ ok: false, reason: "BAD_JSON" });
    expect(verifyEnvelope(plantId, secret, "[1]")).toMatchObject({ reason: "BAD_JSON" });
    expect(verifyEnvelope(plantId, secret, '{"body":{"a":1},"sig":"x"}')).toMatchObject({
      reason: "BAD_JSON",
    });
    expect(verifyEnvelope(plantId, secret, '{"body":"{}"}')).toMatchObject({ reason: "UNSIGNED" });
    expect(verifyEnvelope(plantId, secret, '{"body":"{}","sig":""}')).toMatchObject({ reason: "UNSIGNED" });
    expect(verifyEnvelope(plantId, secret, '{"body":"{}","sig":12}')).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
    const notAnObject = signEnvelope(plantId, secret, "[1,2]");
    expect(verifyEnvelope(plantId, secret, notAnObject)).toMatchObject({ reason: "BAD_BODY" });
    const notJson = signEnvelope(plantId, secret, "{oops");
    expect(verifyEnvelope(plantId, secret, notJson)).toMatchObject({ reason: "BAD_BODY" });
  });

  it("rejects an empty plant id or secret when signing", () => {
    expect(() => signEnvelope("", secret, "{}")).toThrow(/plantId/);
    expect(() => signEnvelope(plantId, "", "{}")).toThrow(/secret/);
  });
});
