import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CertificateAuthority,
  CertificateAuthorityError,
  loadOrCreateCertificateAuthority,
} from "./certificate-authority.ts";
import { createOpensslWorkspace, type OpensslWorkspace } from "./openssl-for-tests.ts";

const DAY_MS = 86_400_000;
const now = () => new Date();

let dataDir: string;
let otherDir: string;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let openssl: OpensslWorkspace;
let caFile: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voke-ca-"));
  otherDir = await mkdtemp(join(tmpdir(), "voke-other-ca-"));
  ca = await loadOrCreateCertificateAuthority({ dir: dataDir, now });
  otherCa = await loadOrCreateCertificateAuthority({ dir: otherDir, now, commonName: "Someone Else CA" });
  openssl = await createOpensslWorkspace();
  caFile = await openssl.write("ca.pem", ca.certificatePem);
});

afterAll(async () => {
  await Promise.all([
    rm(dataDir, { recursive: true, force: true }),
    rm(otherDir, { recursive: true, force: true }),
  ]);
  await openssl.remove();
});

describe("the CA certificate", () => {
  it("is a self-signed P-256 CA with critical basic constraints and key usage", async () => {
    expect((await openssl.run("verify", "-CAfile", caFile, caFile)).code).toBe(0);
    const text = (await openssl.run("x509", "-in", caFile, "-noout", "-text")).output;
    expect(text).toContain("NIST CURVE: P-256");
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain("X509v3 Subject Key Identifier");
    expect(text).toContain("Subject: CN = Voke Root CA");
  });

  it("is valid for ten years", async () => {
    const { output } = await openssl.run("x509", "-in", caFile, "-noout", "-startdate", "-enddate");
    const start = new Date(/notBefore=(.*)/.exec(output)?.[1] ?? "");
    const end = new Date(/notAfter=(.*)/.exec(output)?.[1] ?? "");
    expect(end.getUTCFullYear() - start.getUTCFullYear()).toBe(10);
    expect(Math.abs(start.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("client certificates", () => {
  it("verify against the CA, carry the plant id as CN and clientAuth, and match their key", async () => {
    const issued = await ca.issueClientCertificate({ commonName: "plt_01HZX", now: now() });
    const cert = await openssl.write("client.pem", issued.certificatePem);
    const key = await openssl.write("client.key", issued.privateKeyPem);

    expect(await openssl.run("verify", "-CAfile", caFile, cert)).toMatchObject({ code: 0 });
    expect(
      (await openssl.run("x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253")).output.trim(),
    ).toBe("subject=CN=plt_01HZX");
    const text = (await openssl.run("x509", "-in", cert, "-noout", "-text")).output;
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Client Authentication\n/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(text).toContain("X509v3 Authority Key Identifier");
    expect(text).toContain("NIST CURVE: P-256");

    expect(issued.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const fromKey = await openssl.run("pkey", "-in", key, "-pubout");
    const fromCert = await openssl.run("x509", "-in", cert, "-pubkey", "-noout");
    expect(fromKey.code).toBe(0);
    expect(fromKey.output).toContain("BEGIN PUBLIC KEY");
    expect(fromKey.output).toBe(fromCert.output);
  });

  it("report the serial number, fingerprint and validity that openssl reads from them", async () => {
    const issuedAt = new Date("2026-03-01T10:00:00.750Z");
    const issued = await ca.issueClientCertificate({ commonName: "plt_serial", now: issuedAt });
    const cert = await openssl.write("serial.pem", issued.certificatePem);
    const { output } = await openssl.run(
      "x509",
      ...["-in", cert, "-noout", "-serial", "-fingerprint", "-sha256", "-startdate", "-enddate"],
    );

    expect(issued.serialNumber).toMatch(/^[0-9a-f]{32}$/);
    expect(output).toContain(`serial=${issued.serialNumber.toUpperCase()}\n`);
    expect(issued.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(/Fingerprint=([0-9A-F:]+)/.exec(output)?.[1]?.replaceAll(":", "").toLowerCase()).toBe(
      issued.fingerprint,
    );
    expect(issued.notBefore.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(365 * DAY_MS);
    expect(new Date(/notAfter=(.*)/.exec(output)?.[1] ?? "").getTime()).toBe(issued.notAfter.getTime());
  });

  it("honour a shorter validity", async () => {
    const issued = await ca.issueClientCertificate({ commonName: "plt_short", now: now(), days: 30 });
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(30 * DAY_MS);
  });

  it("get distinct serial numbers and keys even when issued concurrently", async () => {
    const batch = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ca.issueClientCertificate({ commonName: `plt_${i}`, now: now() })),
    );
    expect(new Set(batch.map((c) => c.serialNumber)).size).toBe(40);
    expect(new Set(batch.map((c) => c.privateKeyPem)).size).toBe(40);
  });

  it("from a different CA fail verification", async () => {
    const foreign = await otherCa.issueClientCertificate({ commonName: "plt_foreign", now: now() });
    const cert = await openssl.write("foreign.pem", foreign.certificatePem);
    const result = await openssl.run("verify", "-CAfile", caFile, cert);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("unable to get local issuer certificate");
  });

  it("refuse an empty, over-long or control-character common name", async () => {
    for (const commonName of ["", "x".repeat(65), "plt\n1"]) {
      await expect(ca.issueClientCertificate({ commonName, now: now() })).rejects.toThrow(
        CertificateAuthorityError,
      );
    }
    await expect(ca.issueClientCertificate({ commonName: "plt", now: now(), days: 0 })).rejects.toThrow(
      /days must be a positive number/,
    );
    await expect(ca.issueClientCertificate({ commonName: "plt", now: new Date("nope") })).rejects.toThrow(
      /invalid date/,
    );
  });

  it("keep a common name with DN punctuation as one literal CN", async () => {
    const issued = await ca.issueClientCertificate({ commonName: "plt,O=Evil+CN=x", now: now() });
    const cert = await openssl.write("punct.pem", issued.certificatePem);
    const { output } = await openssl.run("x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253");
    expect(output.trim()).toBe("subject=CN=plt\\,O=Evil\\+CN=x");
  });
});

describe("the revocation list", () => {
  it("lists revoked serials with date and reason and makes openssl refuse exactly those certificates", async () => {
    const revokedCert = await ca.issueClientCertificate({ commonName: "plt_revoked", now: now() });
    const goodCert = await ca.issueClientCertificate({ commonName: "plt_good", now: now() });
    const revokedAt = new Date(Date.now() - 60_000);
    const crlPem = await ca.createCrl({
      revoked: [
        { serialNumber: revokedCert.serialNumber, revokedAt, reason: "superseded" },
        { serialNumber: "0badc0de", revokedAt, reason: "keyCompromise" },
        { serialNumber: "51", revokedAt },
      ],
      now: now(),
    });
    expect(crlPem).toMatch(/^-----BEGIN X509 CRL-----\n/);
    const crl = await openssl.write("crl.pem", crlPem);

    const text = (await openssl.run("crl", "-in", crl, "-noout", "-text", "-CAfile", caFile)).output;
    expect(text).toContain("verify OK");
    expect(text).toContain("Version 2 (0x1)");
    expect(text).toContain("X509v3 CRL Number");
    expect(text).toContain("X509v3 Authority Key Identifier");
    expect(text).toMatch(
      new RegExp(
        `Serial Number: ${revokedCert.serialNumber.toUpperCase()}\\s+Revocation Date: [^\\n]+\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Superseded`,
      ),
    );
    expect(text).toMatch(/Serial Number: 0BADC0DE[\s\S]*?Key Compromise/);
    expect(text).toContain("Serial Number: 51");

    const revokedFile = await openssl.write("revoked.pem", revokedCert.certificatePem);
    const goodFile = await openssl.write("good.pem", goodCert.certificatePem);
    const refused = await openssl.run(
      "verify",
      "-crl_check",
      "-CAfile",
      caFile,
      "-CRLfile",
      crl,
      revokedFile,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("certificate revoked");
    expect(
      await openssl.run("verify", "-crl_check", "-CAfile", caFile, "-CRLfile", crl, goodFile),
    ).toMatchObject({
      code: 0,
    });
  });

  it("runs from now for 24 hours by default, or as long as asked, with an increasing CRL number", async () => {
    const at = new Date("2026-05-05T12:00:00Z");
    const first = await openssl.write("first.pem", await ca.createCrl({ revoked: [], now: at }));
    const second = await openssl.write(
      "second.pem",
      await ca.createCrl({ revoked: [], now: at, nextUpdateHours: 2 }),
    );
    const one = (await openssl.run("crl", "-in", first, "-noout", "-lastupdate", "-nextupdate", "-crlnumber"))
      .output;
    const two = (await openssl.run("crl", "-in", second, "-noout", "-nextupdate", "-crlnumber")).output;
    expect(one).toContain("lastUpdate=May  5 12:00:00 2026 GMT");
    expect(one).toContain("nextUpdate=May  6 12:00:00 2026 GMT");
    expect(two).toContain("nextUpdate=May  5 14:00:00 2026 GMT");
    const number = (output: string) =>
      BigInt(`0x${/crlNumber=(?:0x)?([0-9A-F]+)/i.exec(output)?.[1] ?? "0"}`);
    expect(number(two)).toBeGreaterThan(number(one));
  });

  it("lists a serial revoked twice once, and refuses a serial that is not hex", async () => {
    const revokedAt = now();
    const crl = await openssl.write(
      "dup.pem",
      await ca.createCrl({
        revoked: [
          { serialNumber: "abcd", revokedAt },
          { serialNumber: "ABCD", revokedAt, reason: "superseded" },
        ],
        now: now(),
      }),
    );
    const text = (await openssl.run("crl", "-in", crl, "-noout", "-text")).output;
    expect(text.match(/Serial Number: ABCD/g)).toHaveLength(1);
    await expect(ca.createCrl({ revoked: [{ serialNumber: "xyz", revokedAt }], now: now() })).rejects.toThrow(
      /not a hex certificate serial number/,
    );
  });

  it("stays valid DER with thousands of entries", async () => {
    const revoked = Array.from({ length: 3000 }, (_, i) => ({
      serialNumber: (i + 1).toString(16),
      revokedAt: now(),
      reason: "cessationOfOperation" as const,
    }));
    const crl = await openssl.write("big.pem", await ca.createCrl({ revoked, now: now() }));
    const text = (await openssl.run("crl", "-in", crl, "-noout", "-text", "-CAfile", caFile)).output;
    expect(text).toContain("verify OK");
    expect(text.match(/Cessation Of Operation/g)).toHaveLength(3000);
  });
});

describe("the broker's server certificate", () => {
  it("names the host names and IP addresses, is for serverAuth and verifies against the CA", async () => {
    const issued = await ca.issueServerCertificate({
      hostNames: ["localhost", "mqtt.example.test"],
      ipAddresses: ["127.0.0.1", "::1"],
      now: now(),
    });
    const cert = await openssl.write("server.pem", issued.certificatePem);
    expect(await openssl.run("verify", "-CAfile", caFile, "-purpose", "sslserver", cert)).toMatchObject({
      code: 0,
    });
    const text = (await openssl.run("x509", "-in", cert, "-noout", "-text")).output;
    expect(text).toMatch(
      /Subject Alternative Name:\s+DNS:localhost, DNS:mqtt\.example\.test, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1\n/,
    );
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    for (const host of ["localhost", "mqtt.example.test"]) {
      expect((await openssl.run("x509", "-in", cert, "-noout", "-checkhost", host)).output).toContain(
        "does match",
      );
    }
    expect((await openssl.run("x509", "-in", cert, "-noout", "-checkip", "127.0.0.1")).output).toContain(
      "does match",
    );
    expect((await openssl.run("x509", "-in", cert, "-noout", "-checkhost", "evil.test")).output).toContain(
      "does NOT match",
    );
  });

  it("refuses bad names and addresses", async () => {
    await expect(ca.issueServerCertificate({ hostNames: [], ipAddresses: [], now: now() })).rejects.toThrow(
      /at least one host name or IP address/,
    );
    await expect(
      ca.issueServerCertificate({ hostNames: ["bad host"], ipAddresses: [], now: now() }),
    ).rejects.toThrow(/not a valid DNS host name/);
    await expect(
      ca.issueServerCertificate({ hostNames: ["localhost"], ipAddresses: ["300.1.1.1"], now: now() }),
    ).rejects.toThrow(/not an IP address/);
  });
});

describe("loading and creating the CA", () => {
  it("returns the same CA from the same directory and keeps the key private", async () => {
    const again = await loadOrCreateCertificateAuthority({ dir: dataDir, now });
    expect(again.certificatePem).toBe(ca.certificatePem);
    expect((await stat(join(dataDir, "ca.key.pem"))).mode & 0o777).toBe(0o600);
    expect((await readdir(dataDir)).sort()).toEqual(["ca.key.pem", "ca.pem"]);

    // The reloaded CA signs with the same key: its certificates verify against the original CA certificate.
    const issued = await again.issueClientCertificate({ commonName: "plt_reloaded", now: now() });
    const cert = await openssl.write("reloaded.pem", issued.certificatePem);
    expect(await openssl.run("verify", "-CAfile", caFile, cert)).toMatchObject({ code: 0 });
  });

  it("creates the data directory when it does not exist", async () => {
    const dir = join(dataDir, "..", `voke-nested-${process.pid}`, "data");
    try {
      await loadOrCreateCertificateAuthority({ dir, now });
      expect((await readdir(dir)).sort()).toEqual(["ca.key.pem", "ca.pem"]);
    } finally {
      await rm(join(dir, ".."), { recursive: true, force: true });
    }
  });

  it("lets only one of two servers starting together create the CA, and the pair stays consistent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-race-ca-"));
    try {
      const results = await Promise.allSettled([
        loadOrCreateCertificateAuthority({ dir, now }),
        loadOrCreateCertificateAuthority({ dir, now }),
      ]);
      const created = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
      const failures = results.flatMap((result) =>
        result.status === "rejected" ? [String(result.reason)] : [],
      );
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const failure of failures)
        expect(failure).toMatch(/appeared while this server was creating its CA/);
      const reloaded = await loadOrCreateCertificateAuthority({ dir, now });
      expect(created.map((authority) => authority.certificatePem)).toContain(reloaded.certificatePem);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to create a new CA when only one of the two files is present", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-half-ca-"));
    try {
      await writeFile(join(dir, "ca.key.pem"), await readFile(join(dataDir, "ca.key.pem")));
      await expect(loadOrCreateCertificateAuthority({ dir, now })).rejects.toThrow(
        /ca\.key\.pem exists but .*ca\.pem does not; refusing to create a new CA/,
      );
      expect(await readdir(dir)).toEqual(["ca.key.pem"]);

      await rm(join(dir, "ca.key.pem"));
      await writeFile(join(dir, "ca.pem"), ca.certificatePem);
      await expect(loadOrCreateCertificateAuthority({ dir, now })).rejects.toThrow(
        /ca\.pem exists but .*ca\.key\.pem does not/,
      );
      expect(await readdir(dir)).toEqual(["ca.pem"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a key that does not belong to the certificate, or files that are not PEM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-mixed-ca-"));
    try {
      await writeFile(join(dir, "ca.pem"), ca.certificatePem);
      await writeFile(join(dir, "ca.key.pem"), await readFile(join(otherDir, "ca.key.pem")));
      await expect(loadOrCreateCertificateAuthority({ dir, now })).rejects.toThrow(/CA key does not belong/);

      await writeFile(join(dir, "ca.key.pem"), "not a key");
      await expect(loadOrCreateCertificateAuthority({ dir, now })).rejects.toThrow(/cannot read the CA in/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a leaf certificate in place of the CA certificate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-leaf-ca-"));
    try {
      const leaf = await ca.issueClientCertificate({ commonName: "plt_leaf", now: now() });
      await writeFile(join(dir, "ca.pem"), leaf.certificatePem);
      await writeFile(join(dir, "ca.key.pem"), leaf.privateKeyPem);
      await expect(loadOrCreateCertificateAuthority({ dir, now })).rejects.toThrow(/is not a CA certificate/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
