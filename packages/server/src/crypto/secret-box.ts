// Encryption at rest for plant private keys and HMAC secrets: AES-256-GCM with a key kept in the data
// directory or given in the environment.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createFileExclusively, FileExistsError } from "./exclusive-file.ts";

export interface SecretBox {
  /** Encrypts `plaintext` into `v1.<base64url iv>.<base64url ciphertext+tag>`. */
  seal(plaintext: string): string;
  /** Decrypts what `seal` produced; throws SealedSecretError if it was altered or sealed with another key. */
  open(sealed: string): string;
}

/** A sealed secret could not be opened. */
export class SealedSecretError extends Error {
  override readonly name = "SealedSecretError";
}

/** The encryption key given or stored is unusable. */
export class EncryptionKeyError extends Error {
  override readonly name = "EncryptionKeyError";
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";
// Binding the version as associated data stops a v1 ciphertext being replayed under a future format.
const ASSOCIATED_DATA = Buffer.from(`voke-secret-box-${VERSION}`);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * @example
 * const box = createSecretBox(key);
 * const stored = box.seal(privateKeyPem); // "v1.…"
 * box.open(stored) === privateKeyPem;
 */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`encryption key must be exactly ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const secretKey = Buffer.from(key);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", secretKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(ASSOCIATED_DATA);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 3 || parts[0] !== VERSION) {
        throw new SealedSecretError(`sealed secret is not in the "${VERSION}.<iv>.<ciphertext>" format`);
      }
      const [, ivText = "", bodyText = ""] = parts;
      if (!BASE64URL.test(ivText) || !BASE64URL.test(bodyText)) {
        throw new SealedSecretError("sealed secret is not valid base64url");
      }
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
        throw new SealedSecretError("sealed secret is truncated");
      }
      const decipher = createDecipheriv("aes-256-gcm", secretKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(ASSOCIATED_DATA);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SealedSecretError(
          "sealed secret failed authentication: it was altered or sealed with a different encryption key",
        );
      }
    },
  };
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The key that seals secrets at rest. `fromEnv` (VOKE_ENCRYPTION_KEY) wins and must be base64 of exactly
 * 32 bytes (`openssl rand -base64 32`); otherwise `<dir>/encryption.key` (32 raw bytes, mode 0600) is
 * created on first start and reused after.
 */
export async function loadOrCreateEncryptionKey(opts: {
  dir: string;
  fromEnv?: string | undefined;
}): Promise<Uint8Array> {
  if (opts.fromEnv !== undefined) return parseEnvironmentKey(opts.fromEnv);

  const path = join(opts.dir, "encryption.key");
  const existing = await readKeyFile(path);
  if (existing) return existing;

  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    await createFileExclusively(path, key, 0o600);
    return new Uint8Array(key);
  } catch (error) {
    // Another server starting on the same directory won the race: use its key.
    if (error instanceof FileExistsError) {
      const winner = await readKeyFile(path);
      if (winner) return winner;
    }
    throw error;
  }
}

function parseEnvironmentKey(text: string): Uint8Array {
  const trimmed = text.trim();
  const hint =
    "VOKE_ENCRYPTION_KEY must be base64 of exactly 32 bytes (make one with `openssl rand -base64 32`)";
  if (!STANDARD_BASE64.test(trimmed)) throw new EncryptionKeyError(`${hint}; it is not base64`);
  const key = Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) throw new EncryptionKeyError(`${hint}; it decodes to ${key.length} bytes`);
  return new Uint8Array(key);
}

async function readKeyFile(path: string): Promise<Uint8Array | undefined> {
  let key: Buffer;
  try {
    key = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `${path} holds ${key.length} bytes, expected ${KEY_BYTES}; restore the original key file ` +
        "(secrets sealed with it cannot be opened without it)",
    );
  }
  return new Uint8Array(key);
}
