import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileExclusively, FileExistsError } from "./exclusive-file.ts";

describe("createFileExclusively", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "voke-excl-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the content with exactly the mode asked and leaves no temporary file", async () => {
    const path = join(dir, "secret");
    const oldMask = process.umask(0o077);
    try {
      await createFileExclusively(path, "s3cret", 0o640);
    } finally {
      process.umask(oldMask);
    }
    expect(await readFile(path, "utf8")).toBe("s3cret");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(["secret"]);
  });

  it("never replaces an existing file, and cleans up its temporary file", async () => {
    const path = join(dir, "ca.key.pem");
    await writeFile(path, "original");
    await expect(createFileExclusively(path, "replacement", 0o600)).rejects.toThrow(FileExistsError);
    expect(await readFile(path, "utf8")).toBe("original");
    expect(await readdir(dir)).toEqual(["ca.key.pem"]);
  });
});
