/**
 * vitest global setup: every test run gets its own temporary directory (TMPDIR, which os.tmpdir()
 * and child processes read), removed when the run ends, so no test leaves anything in the system
 * temporary directory, even one that forgets to clean up after itself or is cut short.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default function setup(): () => void {
  const dir = join(root, "node_modules", ".cache", "voke-test-tmp", `run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
