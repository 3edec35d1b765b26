// Reads the facts the server keeps about a certificate (fingerprint, serial, CN, validity) from its PEM.
import { createHash, X509Certificate } from "node:crypto";

export interface CertificateInfo {
  /** Lowercase hex, no colons, as `IssuedCertificate.serialNumber`. */
  serialNumber: string;
  /** SHA-256 of the DER, lowercase hex, no colons. */
  fingerprint: string;
  commonName: string | undefined;
  notBefore: Date;
  notAfter: Date;
}

/** The certificate's PEM could not be parsed. */
export class CertificateFormatError extends Error {
  override readonly name = "CertificateFormatError";
}

/** SHA-256 of the certificate's DER as lowercase hex without colons. */
export function certificateFingerprint(pem: string): string {
  return fingerprintOf(parseCertificate(pem));
}

/** @example readCertificateInfo(plant.clientCert).notAfter */
export function readCertificateInfo(pem: string): CertificateInfo {
  const certificate = parseCertificate(pem);
  return {
    serialNumber: normalizeSerialNumber(certificate.serialNumber),
    fingerprint: fingerprintOf(certificate),
    commonName: commonNameOf(certificate.subject),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}

/** Lowercase hex without colons or the leading zero octet DER adds to keep an integer positive. */
export function normalizeSerialNumber(serial: string): string {
  const hex = serial.replaceAll(":", "").toLowerCase();
  return hex.length > 2 && hex.startsWith("00") ? hex.replace(/^(00)+(?=.)/, "") : hex;
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new CertificateFormatError(`not a PEM X.509 certificate: ${(error as Error).message}`);
  }
}

function fingerprintOf(certificate: X509Certificate): string {
  return createHash("sha256").update(certificate.raw).digest("hex");
}

function commonNameOf(subject: string): string | undefined {
  for (const line of subject.split("\n")) {
    if (line.startsWith("CN=")) return line.slice(3);
  }
  return undefined;
}
