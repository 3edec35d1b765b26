import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { SecretFileExistsError, writeSecretFile } from "./secret-file.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "voke-secret-"));

describe("writeSecretFile", () => {
  it("creates the file with mode 0600 and leaves no temporary file behind", async () => {
    const dir = tempDir();
    const path = join(dir, "voke-SN-1.json");
    const previous = process.umask(0o000); // even a permissive umask must not widen the mode
    try {
      await writeSecretFile(path, '{"clientKey":"k"}');
    } finally {
      process.umask(previous);
    }
    expect(readFileSync(path, "utf8")).toBe('{"clientKey":"k"}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["voke-SN-1.json"]);
  });

  it("refuses to overwrite an existing file (a usage error naming --force) and keeps it intact", async () => {
    const dir = tempDir();
    const path = join(dir, "pkg.json");
    writeFileSync(path, "original", { mode: 0o644 });
    const attempt = writeSecretFile(path, "new");
    await expect(attempt).rejects.toBeInstanceOf(SecretFileExistsError);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(
      `refusing to overwrite ${path}: it already exists (pass --force to replace it)`,
    );
    expect(readFileSync(path, "utf8")).toBe("original");
    expect(readdirSync(dir)).toEqual(["pkg.json"]);
  });

  it("with force replaces the file atomically, and the new file is 0600", async () => {
    const dir = tempDir();
    const path = join(dir, "pkg.json");
    writeFileSync(path, "original", { mode: 0o644 });
    const before = statSync(path).ino;
    await writeSecretFile(path, "replacement", { force: true });
    expect(readFileSync(path, "utf8")).toBe("replacement");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(path).ino).not.toBe(before); // a new inode moved into place, not an in-place rewrite
    expect(readdirSync(dir)).toEqual(["pkg.json"]);
  });

  it("fails clearly when the directory does not exist, leaving nothing", async () => {
    await expect(writeSecretFile(join(tempDir(), "missing", "x.json"), "x")).rejects.toThrow(/ENOENT/);
  });
});
