// The server's certificate authority: an ECDSA P-256 root kept in the data directory that issues plant
// client certificates, the MQTT broker's server certificate and the revocation list.
import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, webcrypto } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { createFileExclusively, FileExistsError } from "../crypto/exclusive-file.ts";
import { certificateFingerprint } from "./certificate-info.ts";
import { encodeCrl } from "./crl-encoder.ts";
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  type Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  type Name,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509CrlReason,
} from "./x509.ts";

export type { CertificateInfo } from "./certificate-info.ts";
export { certificateFingerprint, readCertificateInfo } from "./certificate-info.ts";

export interface IssuedCertificate {
  certificatePem: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** Lowercase hex, no colons, positive, 16 random bytes. */
  serialNumber: string;
  /** SHA-256 of the DER, lowercase hex, no colons. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

export type RevocationReason = "superseded" | "cessationOfOperation" | "keyCompromise";

export interface RevokedCertificate {
  serialNumber: string;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface CertificateAuthority {
  readonly certificatePem: string;
  /** A plant's MQTT mTLS certificate: CN = `commonName` (the plant id), EKU clientAuth, 365 days by default. */
  issueClientCertificate(input: { commonName: string; now: Date; days?: number }): Promise<IssuedCertificate>;
  /** The broker's TLS certificate: SANs = the names and addresses given, EKU serverAuth, 365 days by default. */
  issueServerCertificate(input: {
    hostNames: string[];
    ipAddresses: string[];
    now: Date;
    days?: number;
  }): Promise<IssuedCertificate>;
  /** A v2 CRL (PEM) listing `revoked`, valid from `now` for `nextUpdateHours` (24). */
  createCrl(input: { revoked: RevokedCertificate[]; now: Date; nextUpdateHours?: number }): Promise<string>;
}

/** The CA files are inconsistent or a request to the CA is invalid. */
export class CertificateAuthorityError extends Error {
  override readonly name = "CertificateAuthorityError";
}

const subtle = webcrypto.subtle as SubtleCrypto;
const webCrypto = webcrypto as Crypto;
const EC_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CA_YEARS = 10;
const REASON_CODES: Record<RevocationReason, X509CrlReason> = {
  superseded: X509CrlReason.superseded,
  cessationOfOperation: X509CrlReason.cessationOfOperation,
  keyCompromise: X509CrlReason.keyCompromise,
};

/**
 * Loads the CA from `<dir>/ca.pem` + `<dir>/ca.key.pem`, or creates both on first start.
 *
 * @example const ca = await loadOrCreateCertificateAuthority({ dir: dataDir, now: () => new Date() });
 */
export async function loadOrCreateCertificateAuthority(opts: {
  dir: string;
  now: () => Date;
  commonName?: string;
}): Promise<CertificateAuthority> {
  const certificatePath = join(opts.dir, "ca.pem");
  const keyPath = join(opts.dir, "ca.key.pem");
  const [certificatePem, keyPem] = await Promise.all([
    readIfPresent(certificatePath),
    readIfPresent(keyPath),
  ]);

  if (certificatePem !== undefined && keyPem !== undefined) {
    return openCertificateAuthority(certificatePem, keyPem, certificatePath);
  }
  if (certificatePem !== undefined || keyPem !== undefined) {
    const [present, missing] =
      certificatePem !== undefined ? [certificatePath, keyPath] : [keyPath, certificatePath];
    throw new CertificateAuthorityError(
      `${present} exists but ${missing} does not; refusing to create a new CA over it. ` +
        `Restore ${missing}, or move both files away to start a new CA (every issued certificate will stop working).`,
    );
  }

  const created = await createRootCertificate(opts.commonName ?? "Voke Root CA", opts.now());
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  try {
    await createFileExclusively(keyPath, created.keyPem, 0o600);
  } catch (error) {
    throw error instanceof FileExistsError ? concurrentCreation(error, opts.dir) : error;
  }
  try {
    // The certificate is written last: its presence marks a complete CA.
    await createFileExclusively(certificatePath, created.certificatePem, 0o644);
  } catch (error) {
    // Take back the key written a moment ago so a failed start leaves no half CA behind.
    await rm(keyPath, { force: true });
    throw error instanceof FileExistsError ? concurrentCreation(error, opts.dir) : error;
  }
  return openCertificateAuthority(created.certificatePem, created.keyPem, certificatePath);
}

function concurrentCreation(error: FileExistsError, dir: string): CertificateAuthorityError {
  return new CertificateAuthorityError(
    `${error.path} appeared while this server was creating its CA: is another server using ${dir}?`,
  );
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function createRootCertificate(
  commonName: string,
  now: Date,
): Promise<{ certificatePem: string; keyPem: string }> {
  const keys = (await subtle.generateKey(EC_P256, true, ["sign", "verify"])) as CryptoKeyPair;
  const notBefore = wholeSeconds(now);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumber(),
      name: [{ CN: [requireCommonName(commonName)] }],
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webCrypto),
      ],
    },
    webCrypto,
  );
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  return { certificatePem: certificate.toString("pem"), keyPem: toPem("PRIVATE KEY", pkcs8) };
}

async function openCertificateAuthority(
  certificatePem: string,
  keyPem: string,
  certificatePath: string,
): Promise<CertificateAuthority> {
  let caCertificate: X509Certificate;
  let signingKey: CryptoKey;
  let crlSigningKey: KeyObject;
  try {
    caCertificate = new X509Certificate(certificatePem);
    crlSigningKey = createPrivateKey(keyPem);
    const pkcs8 = crlSigningKey.export({ type: "pkcs8", format: "der" });
    // Imported once and kept: re-importing per issuance would dominate the cost of provisioning.
    signingKey = await subtle.importKey("pkcs8", pkcs8, EC_P256, false, ["sign"]);
  } catch (error) {
    throw new CertificateAuthorityError(
      `cannot read the CA in ${certificatePath}: ${(error as Error).message}`,
    );
  }
  if (!caCertificate.getExtension(BasicConstraintsExtension)?.ca) {
    throw new CertificateAuthorityError(`${certificatePath} is not a CA certificate`);
  }
  if (!(await keyMatchesCertificate(signingKey, caCertificate))) {
    throw new CertificateAuthorityError(
      `the CA key does not belong to the certificate in ${certificatePath}`,
    );
  }

  const issuer: Name = caCertificate.subjectName;
  const subjectKeyId =
    caCertificate.getExtension(SubjectKeyIdentifierExtension)?.keyId ??
    (await SubjectKeyIdentifierExtension.create(caCertificate.publicKey, false, webCrypto)).keyId;
  const authorityKeyIdentifier = new AuthorityKeyIdentifierExtension(subjectKeyId);
  const authorityKeyId = Buffer.from(subjectKeyId, "hex");
  const issuerName = new Uint8Array(issuer.toArrayBuffer());
  let lastCrlNumber = 0n;

  async function issue(
    subjectName: string,
    now: Date,
    days: number | undefined,
    extensions: Extension[],
  ): Promise<IssuedCertificate> {
    const validDays = days ?? 365;
    if (!Number.isFinite(validDays) || validDays <= 0) {
      throw new CertificateAuthorityError(`days must be a positive number, got ${validDays}`);
    }
    // node:crypto's synchronous P-256 key generation is the cheapest way to a key pair and its PKCS#8 PEM.
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const serialNumber = randomSerialNumber();
    const notBefore = wholeSeconds(now);
    const notAfter = new Date(notBefore.getTime() + Math.round(validDays * DAY_MS));
    const certificate = await X509CertificateGenerator.create(
      {
        serialNumber,
        subject: [{ CN: [subjectName] }],
        issuer,
        notBefore,
        notAfter,
        publicKey: publicKey.export({ type: "spki", format: "der" }),
        signingKey,
        signingAlgorithm: SIGNING,
        extensions: [
          new BasicConstraintsExtension(false, undefined, true),
          authorityKeyIdentifier,
          ...extensions,
        ],
      },
      webCrypto,
    );
    const certificatePem = certificate.toString("pem");
    return {
      certificatePem,
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
      serialNumber,
      fingerprint: certificateFingerprint(certificatePem),
      notBefore,
      notAfter,
    };
  }

  return {
    certificatePem: caCertificate.toString("pem"),

    async issueClientCertificate({ commonName, now, days }) {
      return issue(requireCommonName(commonName), now, days, [
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth]),
      ]);
    },

    async issueServerCertificate({ hostNames, ipAddresses, now, days }) {
      if (hostNames.length === 0 && ipAddresses.length === 0) {
        throw new CertificateAuthorityError(
          "a server certificate needs at least one host name or IP address",
        );
      }
      for (const host of hostNames) {
        if (
          !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
            host,
          )
        ) {
          throw new CertificateAuthorityError(`"${host}" is not a valid DNS host name`);
        }
      }
      for (const address of ipAddresses) {
        if (isIP(address) === 0) throw new CertificateAuthorityError(`"${address}" is not an IP address`);
      }
      return issue("Voke MQTT broker", now, days, [
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        new SubjectAlternativeNameExtension([
          ...hostNames.map((value) => ({ type: "dns" as const, value })),
          ...ipAddresses.map((value) => ({ type: "ip" as const, value })),
        ]),
      ]);
    },

    async createCrl({ revoked, now, nextUpdateHours }) {
      const hours = nextUpdateHours ?? 24;
      if (!Number.isFinite(hours) || hours <= 0) {
        throw new CertificateAuthorityError(`nextUpdateHours must be a positive number, got ${hours}`);
      }
      const thisUpdate = wholeSeconds(now);
      // CRL numbers must increase: time-based across restarts, and never repeated within this process.
      const crlNumber = maxBigInt(BigInt(thisUpdate.getTime() / 1000), lastCrlNumber + 1n);
      lastCrlNumber = crlNumber;
      const der = encodeCrl({
        issuerName,
        authorityKeyId,
        crlNumber,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + Math.round(hours * HOUR_MS)),
        entries: uniqueBySerial(revoked).map((entry) => ({
          serialNumber: requireSerialNumber(entry.serialNumber),
          revokedAt: wholeSeconds(entry.revokedAt),
          ...(entry.reason ? { reasonCode: REASON_CODES[entry.reason] } : {}),
        })),
        signingKey: crlSigningKey,
      });
      return toPem("X509 CRL", der);
    },
  };
}

async function keyMatchesCertificate(signingKey: CryptoKey, certificate: X509Certificate): Promise<boolean> {
  const probe = new TextEncoder().encode("voke-ca-key-check");
  const signature = await subtle.sign(SIGNING, signingKey, probe);
  const publicKey = await certificate.publicKey.export(EC_P256, ["verify"], webCrypto);
  return subtle.verify(SIGNING, publicKey, signature, probe);
}

/** 16 random bytes with the top bit clear and a non-zero first byte, so the DER integer is exactly these bytes. */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) % 0x7f) + 1;
  return bytes.toString("hex");
}

function requireCommonName(commonName: string): string {
  // X.520 caps a common name at 64 characters; control characters would corrupt the subject.
  if (commonName.length === 0 || commonName.length > 64 || /\p{Cc}/u.test(commonName)) {
    throw new CertificateAuthorityError(
      `common name must be 1–64 printable characters, got ${JSON.stringify(commonName)}`,
    );
  }
  return commonName;
}

function requireSerialNumber(serialNumber: string): string {
  if (!/^[0-9a-f]+$/i.test(serialNumber)) {
    throw new CertificateAuthorityError(`"${serialNumber}" is not a hex certificate serial number`);
  }
  return serialNumber.toLowerCase();
}

function uniqueBySerial(revoked: RevokedCertificate[]): RevokedCertificate[] {
  const seen = new Map<string, RevokedCertificate>();
  for (const entry of revoked) {
    const key = entry.serialNumber.toLowerCase();
    if (!seen.has(key)) seen.set(key, entry);
  }
  return [...seen.values()];
}

/** X.509 times have whole seconds; returning the same truncated dates keeps callers in step with the DER. */
function wholeSeconds(date: Date): Date {
  if (Number.isNaN(date.getTime()))
    throw new CertificateAuthorityError("an invalid date was given to the CA");
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function maxBigInt(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
