import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeCrl } from "./crl-encoder.ts";
import { Name, X509Crl, X509CrlReason } from "./x509.ts";

const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
const issuerName = new Uint8Array(new Name([{ CN: ["Encoder Test CA"] }]).toArrayBuffer());

/** The encoded CRL, copied into a plain ArrayBuffer-backed array as @peculiar/x509's types want. */
function encode(overrides: Partial<Parameters<typeof encodeCrl>[0]> = {}): Uint8Array<ArrayBuffer> {
  const der = encodeCrl({
    issuerName,
    authorityKeyId: Buffer.from("00112233445566778899aabbccddeeff00112233", "hex"),
    crlNumber: 1234567890123n,
    thisUpdate: new Date("2030-01-01T00:00:00Z"),
    nextUpdate: new Date("2030-01-02T00:00:00Z"),
    entries: [],
    signingKey: keys.privateKey,
    ...overrides,
  });
  return new Uint8Array(der);
}

describe("encodeCrl", () => {
  it("produces a CRL another ASN.1 implementation parses, with a signature that verifies", async () => {
    const crl = new X509Crl(
      encode({
        entries: [
          {
            serialNumber: "ff01",
            revokedAt: new Date("2029-12-31T23:59:59Z"),
            reasonCode: X509CrlReason.superseded,
          },
          { serialNumber: "7a", revokedAt: new Date("2029-06-01T00:00:00Z") },
        ],
      }),
    );
    expect(crl.issuer).toBe("CN=Encoder Test CA");
    expect(crl.thisUpdate.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(crl.nextUpdate?.toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(
      crl.entries.map((entry) => [entry.serialNumber, entry.revocationDate.toISOString(), entry.reason]),
    ).toEqual([
      ["ff01", "2029-12-31T23:59:59.000Z", X509CrlReason.superseded],
      ["7a", "2029-06-01T00:00:00.000Z", undefined],
    ]);
    const publicKey = await crypto.subtle.importKey(
      "spki",
      keys.publicKey.export({ type: "spki", format: "der" }),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    expect(await crl.verify({ publicKey })).toBe(true);
  });

  it("uses GeneralizedTime from 2050 on, as RFC 5280 requires", () => {
    const crl = new X509Crl(
      encode({ thisUpdate: new Date("2049-12-31T12:00:00Z"), nextUpdate: new Date("2050-01-01T12:00:00Z") }),
    );
    expect(crl.thisUpdate.toISOString()).toBe("2049-12-31T12:00:00.000Z");
    expect(crl.nextUpdate?.toISOString()).toBe("2050-01-01T12:00:00.000Z");
  });

  it("writes the CRL number and authority key identifier extensions", () => {
    const crl = new X509Crl(encode());
    const oids = crl.extensions.map((extension) => extension.type);
    expect(oids).toEqual(["2.5.29.35", "2.5.29.20"]);
    // INTEGER 1234567890123 = 0x011f71fb04cb
    expect(Buffer.from(crl.extensions[1]?.value ?? new ArrayBuffer(0)).toString("hex")).toBe(
      "0206011f71fb04cb",
    );
  });
});
