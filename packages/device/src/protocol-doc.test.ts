/** Keeps docs/protocol.md honest: its worked HMAC example and every signed payload it shows are recomputed here. */
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envelopeSignature, verifyEnvelope } from "./envelope.ts";

const doc = readFileSync(new URL("../../../docs/protocol.md", import.meta.url), "utf8");

function codeBlocks(language: string): string[] {
  return [...doc.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (m) => m[1] as string,
  );
}

function one(pattern: RegExp, what: string): RegExpMatchArray {
  const match = doc.match(pattern);
  if (!match) throw new Error(`docs/protocol.md no longer shows ${what}`);
  return match;
}

const script = codeBlocks("sh").find((block) => block.includes("HMAC_SECRET='")) ?? "";
const shellValue = (name: string) => one(new RegExp(`^${name}='([^']*)'$`, "m"), name)[1] as string;
const plantId = shellValue("PLANT_ID");
const secret = shellValue("HMAC_SECRET");
const body = shellValue("BODY");
const signature = one(/^signature: ([0-9a-f]{64})$/m, "the example signature")[1] as string;

describe("docs/protocol.md worked example", () => {
  it("shows the signed message as plantId.body with its byte count", () => {
    const [, count, message] = one(/these (\d+) bytes[^\n]*\n\n```text\n([^\n]*)\n```/, "the signed message");
    expect(message).toBe(`${plantId}.${body}`);
    expect(Buffer.byteLength(message as string, "utf8")).toBe(Number(count));
  });

  it("shows the key as the secret's text bytes", () => {
    const [, bytes] = one(/the 64 bytes `([0-9a-f ]+) …`/, "the key bytes");
    expect(bytes).toBe(
      Buffer.from(secret, "utf8")
        .subarray(0, 8)
        .toString("hex")
        .replace(/(..)(?!$)/g, "$1 "),
    );
    expect(Buffer.byteLength(secret, "utf8")).toBe(64);
  });

  it("gives the signature the SDK computes", () => {
    expect(envelopeSignature(plantId, secret, body)).toBe(signature);
  });

  it("gives the signature its own shell command prints (run with bash and openssl)", () => {
    expect(
      execFileSync("bash", ["-c", `set -euo pipefail\n${script}`])
        .toString()
        .trim(),
    ).toBe(signature);
  });

  it("names the wrong result of hex-decoding the secret correctly", () => {
    const [, wrong] = one(/If you got `([0-9a-f]{64})` instead/, "the hex-decoded pitfall");
    const hexDecoded = createHmac("sha256", Buffer.from(secret, "hex"))
      .update(`${plantId}.${body}`)
      .digest("hex");
    expect(wrong).toBe(hexDecoded);
    expect(wrong).not.toBe(signature);
  });
});

describe("docs/protocol.md examples", () => {
  // Parsed rather than matched as text: the formatter may lay the JSON blocks out over several lines.
  const jsonBlocks = codeBlocks("json");
  const parsed = jsonBlocks.flatMap((block) => {
    try {
      return [JSON.parse(block) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  const envelopes = parsed.filter((value) => typeof value.body === "string" && typeof value.sig === "string");
  const bodies = parsed.filter((value) => typeof value.ts === "string");

  it("has JSON blocks that all parse", () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(8);
    expect(parsed).toHaveLength(jsonBlocks.length);
  });

  it("signs every payload it shows with the example plant and secret, over the body it describes", () => {
    expect(envelopes).toHaveLength(3);
    for (const envelope of envelopes) {
      const check = verifyEnvelope(plantId, secret, envelope as { body: string; sig: string });
      expect(check.ok, String(envelope.body).slice(0, 80)).toBe(true);
      if (check.ok) expect(bodies).toContainEqual(check.body);
    }
    expect(envelopes[0]?.body).toBe(body);
    expect(envelopes[0]?.sig).toBe(signature);
  });

  it("uses valid ts and nonce in every body", () => {
    expect(bodies).toHaveLength(4);
    for (const example of bodies) {
      expect(example.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      expect(example.nonce).toMatch(/^[\x21-\x7e]{8,64}$/);
    }
  });
});
