// The envelope format both ways: what the server signs, what it accepts, and that openssl agrees with both.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { envelopeDigest, openEnvelope, sealEnvelope } from "./envelope.ts";

const plantId = "bb17678d-82fa-43da-92e5-df833ebe5344";
const secret = "3f".repeat(32);
const previous = "a1".repeat(32);

function opensslHmac(message: string, key: string): string {
  const out = execFileSync("openssl", ["dgst", "-sha256", "-hmac", key], { input: message }).toString("utf8");
  return out.trim().split(" ").at(-1) ?? "";
}

describe("sealEnvelope", () => {
  it("signs plantId + '.' + the exact body text, as openssl dgst -hmac computes it", () => {
    const payload = JSON.parse(
      sealEnvelope(plantId, secret, { ts: "2025-01-01T00:00:00.000Z", nonce: "n-12345678", cmdId: "c1" }),
    );
    expect(payload.body).toBe('{"ts":"2025-01-01T00:00:00.000Z","nonce":"n-12345678","cmdId":"c1"}');
    expect(payload.sig).toMatch(/^[0-9a-f]{64}$/);
    expect(payload.sig).toBe(opensslHmac(`${plantId}.${payload.body}`, secret));
  });
});

describe("openEnvelope", () => {
  const body = '{"ts":"2025-01-01T00:00:00Z","nonce":"abcdefgh","metrics":{"soc":71}}';
  const sig = opensslHmac(`${plantId}.${body}`, secret);

  it("accepts a payload signed by openssl and returns the parsed body", () => {
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body, sig }))).toEqual({
      ok: true,
      body: JSON.parse(body),
    });
    expect(
      openEnvelope(plantId, [secret], Buffer.from(JSON.stringify({ body, sig: sig.toUpperCase() }))),
    ).toMatchObject({
      ok: true,
    });
  });

  it("accepts the previous secret when it is offered, and only then", () => {
    const oldSig = envelopeDigest(plantId, previous, body).toString("hex");
    expect(openEnvelope(plantId, [secret, previous], JSON.stringify({ body, sig: oldSig })).ok).toBe(true);
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body, sig: oldSig }))).toMatchObject({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses a changed body, another plant id, and a plant with no secrets", () => {
    expect(
      openEnvelope(plantId, [secret], JSON.stringify({ body: body.replace("71", "72"), sig })),
    ).toMatchObject({
      ok: false,
      reason: "bad-signature",
    });
    expect(openEnvelope("another-plant", [secret], JSON.stringify({ body, sig }))).toMatchObject({
      reason: "bad-signature",
    });
    expect(openEnvelope(plantId, [], JSON.stringify({ body, sig }))).toMatchObject({
      reason: "bad-signature",
    });
  });

  it("says why a payload is not a usable envelope", () => {
    expect(openEnvelope(plantId, [secret], "{")).toMatchObject({ reason: "bad-json" });
    expect(openEnvelope(plantId, [secret], "[1]")).toMatchObject({ reason: "bad-json" });
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body: { ts: 1 }, sig }))).toMatchObject({
      reason: "bad-json",
    });
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body }))).toMatchObject({
      reason: "bad-signature",
    });
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body, sig: "abc" }))).toMatchObject({
      reason: "bad-signature",
    });
    const notJson = "not json";
    const signedText = envelopeDigest(plantId, secret, notJson).toString("hex");
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body: notJson, sig: signedText }))).toMatchObject(
      {
        reason: "bad-body",
      },
    );
    const array = "[1,2]";
    const signedArray = envelopeDigest(plantId, secret, array).toString("hex");
    expect(openEnvelope(plantId, [secret], JSON.stringify({ body: array, sig: signedArray }))).toMatchObject({
      reason: "bad-body",
    });
  });
});
