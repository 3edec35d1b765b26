import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CertificateAuthority, loadOrCreateCertificateAuthority } from "./certificate-authority.ts";
import {
  CertificateFormatError,
  certificateFingerprint,
  normalizeSerialNumber,
  readCertificateInfo,
} from "./certificate-info.ts";
import { createOpensslWorkspace, type OpensslWorkspace } from "./openssl-for-tests.ts";

let dir: string;
let ca: CertificateAuthority;
let openssl: OpensslWorkspace;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "voke-info-"));
  ca = await loadOrCreateCertificateAuthority({ dir, now: () => new Date() });
  openssl = await createOpensslWorkspace();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await openssl.remove();
});

describe("readCertificateInfo", () => {
  it("reads back what the CA reported when it issued the certificate", async () => {
    const issued = await ca.issueClientCertificate({
      commonName: "plt_info",
      now: new Date("2026-01-02T03:04:05Z"),
    });
    expect(readCertificateInfo(issued.certificatePem)).toEqual({
      serialNumber: issued.serialNumber,
      fingerprint: issued.fingerprint,
      commonName: "plt_info",
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    });
  });

  it("gives the same fingerprint as openssl for the CA certificate", async () => {
    const file = await openssl.write("ca.pem", ca.certificatePem);
    const { output } = await openssl.run("x509", "-in", file, "-noout", "-fingerprint", "-sha256");
    const expected = /Fingerprint=([0-9A-F:]+)/.exec(output)?.[1]?.replaceAll(":", "").toLowerCase();
    expect(certificateFingerprint(ca.certificatePem)).toBe(expected);
  });

  it("refuses text that is not a certificate", () => {
    expect(() =>
      certificateFingerprint("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ).toThrow(CertificateFormatError);
    expect(() => readCertificateInfo("hello")).toThrow(/not a PEM X.509 certificate/);
  });
});

describe("normalizeSerialNumber", () => {
  it("lowercases, drops colons and the sign octet DER adds", () => {
    expect(normalizeSerialNumber("00:8A:BC")).toBe("8abc");
    expect(normalizeSerialNumber("7F01")).toBe("7f01");
    expect(normalizeSerialNumber("00")).toBe("00");
  });
});
