// DER encoding and signing of the CA's v2 certificate revocation list (RFC 5280 §5), written by hand
// because the generic ASN.1 library spends ~0.2 ms per entry: too slow for thousands of revoked plants.
import { type KeyObject, sign } from "node:crypto";

export interface CrlEntry {
  /** Hex serial number of the revoked certificate. */
  serialNumber: string;
  revokedAt: Date;
  /** RFC 5280 CRLReason code (1 keyCompromise, 4 superseded, 5 cessationOfOperation, …). */
  reasonCode?: number;
}

export interface CrlContents {
  /** DER of the issuing CA's subject Name, exactly as in its certificate. */
  issuerName: Uint8Array;
  /** The CA's subject key identifier, written as the CRL's authority key identifier. */
  authorityKeyId: Uint8Array;
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: CrlEntry[];
  /** The CA's ECDSA P-256 private key. */
  signingKey: KeyObject;
}

// DER of the fixed object identifiers used here.
const ECDSA_WITH_SHA256 = Buffer.from("06082a8648ce3d040302", "hex");
const AUTHORITY_KEY_IDENTIFIER = Buffer.from("0603551d23", "hex");
const CRL_NUMBER = Buffer.from("0603551d14", "hex");
const CRL_REASON = Buffer.from("0603551d15", "hex");

/** Returns the signed CRL as DER. */
export function encodeCrl(crl: CrlContents): Buffer {
  const signatureAlgorithm = sequence(ECDSA_WITH_SHA256);
  const revoked = crl.entries.map((entry) =>
    sequence(
      integerFromHex(entry.serialNumber),
      time(entry.revokedAt),
      ...(entry.reasonCode === undefined
        ? []
        : [sequence(extension(CRL_REASON, tlv(0x0a, integerContent(BigInt(entry.reasonCode)))))]),
    ),
  );
  const tbsCertList = sequence(
    tlv(0x02, Buffer.from([1])), // version v2
    signatureAlgorithm,
    Buffer.from(crl.issuerName),
    time(crl.thisUpdate),
    time(crl.nextUpdate),
    ...(revoked.length > 0 ? [sequence(...revoked)] : []),
    tlv(
      0xa0,
      sequence(
        extension(AUTHORITY_KEY_IDENTIFIER, sequence(tlv(0x80, Buffer.from(crl.authorityKeyId)))),
        extension(CRL_NUMBER, tlv(0x02, integerContent(crl.crlNumber))),
      ),
    ),
  );
  const signature = sign("sha256", tbsCertList, { key: crl.signingKey, dsaEncoding: "der" });
  return sequence(tbsCertList, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function extension(oid: Buffer, value: Buffer): Buffer {
  return sequence(oid, tlv(0x04, value));
}

function sequence(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function integerFromHex(hex: string): Buffer {
  return tlv(0x02, integerContent(BigInt(`0x${hex}`)));
}

/** Minimal two's-complement content octets of a non-negative integer. */
function integerContent(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), "ascii"))
    : tlv(0x18, Buffer.from(digits, "ascii"));
}
