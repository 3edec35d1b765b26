// Runs the real `openssl` command on files in a scratch directory, for tests that check our PKI output
// against an independent implementation.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "../../test/required-tool.ts";

export interface OpensslResult {
  code: number;
  /** stdout and stderr together: openssl splits its messages between them inconsistently. */
  output: string;
}

export interface OpensslWorkspace {
  dir: string;
  /** Writes `content` to `name` inside the workspace and returns the full path. */
  write(name: string, content: string): Promise<string>;
  /** Runs openssl with `args` in the workspace; never throws on a non-zero exit. */
  run(...args: string[]): Promise<OpensslResult>;
  remove(): Promise<void>;
}

export async function createOpensslWorkspace(): Promise<OpensslWorkspace> {
  requireTool("openssl", "openssl");
  const dir = await mkdtemp(join(tmpdir(), "voke-openssl-"));
  return {
    dir,
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    run(...args) {
      return new Promise((resolve) => {
        execFile("openssl", args, { cwd: dir }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, output: `${stdout}${stderr}` });
        });
      });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
