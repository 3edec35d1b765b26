import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSecretBox,
  EncryptionKeyError,
  loadOrCreateEncryptionKey,
  SealedSecretError,
} from "./secret-box.ts";

const PRIVATE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

describe("createSecretBox", () => {
  const box = createSecretBox(randomBytes(32));

  it("opens what it sealed, including non-ASCII and empty text", () => {
    for (const plaintext of [PRIVATE_KEY, "a".repeat(64), "héllo ✓ 植物", ""]) {
      expect(box.open(box.seal(plaintext))).toBe(plaintext);
    }
  });

  it("writes v1.<iv>.<ciphertext> with a fresh 12-byte IV, never the plaintext", () => {
    const first = box.seal(PRIVATE_KEY);
    const second = box.seal(PRIVATE_KEY);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(first.split(".")[1] ?? "", "base64url")).toHaveLength(12);
    expect(first).not.toBe(second);
    expect(first).not.toContain("PRIVATE KEY");
    expect(first).not.toContain("MIGHAgEAMBMG");
    expect(Buffer.from(first.split(".")[2] ?? "", "base64url").toString("latin1")).not.toContain(
      "PRIVATE KEY",
    );
  });

  it("detects any change to the IV or the ciphertext", () => {
    const sealed = box.seal("secret");
    const [version, iv = "", body = ""] = sealed.split(".");
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      return bytes.toString("base64url");
    };
    for (const tampered of [
      `${version}.${flip(iv, 0)}.${body}`,
      `${version}.${iv}.${flip(body, 0)}`,
      `${version}.${iv}.${flip(body, Buffer.from(body, "base64url").length - 1)}`,
    ]) {
      expect(() => box.open(tampered)).toThrow(SealedSecretError);
      expect(() => box.open(tampered)).toThrow(/failed authentication/);
    }
  });

  it("cannot be opened with a different key", () => {
    const sealed = box.seal("secret");
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(
      /sealed with a different encryption key/,
    );
  });

  it("rejects text that is not a sealed secret with a clear error", () => {
    const sealed = box.seal("secret");
    expect(() => box.open("secret")).toThrow(/not in the "v1.<iv>.<ciphertext>" format/);
    expect(() => box.open(sealed.replace(/^v1/, "v2"))).toThrow(/format/);
    expect(() => box.open("v1.!!!.???")).toThrow(/not valid base64url/);
    expect(() => box.open("v1.AAAA.AAAA")).toThrow(/truncated/);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(EncryptionKeyError);
    expect(() => createSecretBox(randomBytes(16))).toThrow(/exactly 32 bytes, got 16/);
  });
});

describe("loadOrCreateEncryptionKey", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "voke-key-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a private 32-byte encryption.key once and reuses it", async () => {
    const key = await loadOrCreateEncryptionKey({ dir });
    expect(key).toHaveLength(32);
    const path = join(dir, "encryption.key");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(key))).toBe(true);
    expect(await readdir(dir)).toEqual(["encryption.key"]);

    const again = await loadOrCreateEncryptionKey({ dir });
    expect(Buffer.from(again).equals(Buffer.from(key))).toBe(true);
    // A secret sealed before the restart opens after it.
    expect(createSecretBox(again).open(createSecretBox(key).seal("plant secret"))).toBe("plant secret");
  });

  it("gives concurrent starts on one directory the same key", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateEncryptionKey({ dir })));
    for (const key of keys) expect(Buffer.from(key).equals(Buffer.from(keys[0] ?? []))).toBe(true);
  });

  it("creates the directory when missing", async () => {
    const nested = join(dir, "a", "b");
    await loadOrCreateEncryptionKey({ dir: nested });
    expect(await readdir(nested)).toEqual(["encryption.key"]);
  });

  it("refuses a key file of the wrong length instead of replacing it", async () => {
    await writeFile(join(dir, "encryption.key"), randomBytes(31));
    await expect(loadOrCreateEncryptionKey({ dir })).rejects.toThrow(/holds 31 bytes, expected 32/);
    expect((await readFile(join(dir, "encryption.key"))).length).toBe(31);
  });

  it("takes VOKE_ENCRYPTION_KEY over the file and writes nothing", async () => {
    const material = randomBytes(32);
    const key = await loadOrCreateEncryptionKey({ dir, fromEnv: `${material.toString("base64")}\n` });
    expect(Buffer.from(key).equals(material)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a VOKE_ENCRYPTION_KEY that is not base64 of exactly 32 bytes", async () => {
    await expect(
      loadOrCreateEncryptionKey({ dir, fromEnv: randomBytes(16).toString("base64") }),
    ).rejects.toThrow(/VOKE_ENCRYPTION_KEY must be base64 of exactly 32 bytes.*decodes to 16 bytes/);
    await expect(loadOrCreateEncryptionKey({ dir, fromEnv: "not base64 at all!" })).rejects.toThrow(
      /it is not base64/,
    );
    await expect(loadOrCreateEncryptionKey({ dir, fromEnv: "" })).rejects.toThrow(EncryptionKeyError);
    expect(await readdir(dir)).toEqual([]);
  });
});
