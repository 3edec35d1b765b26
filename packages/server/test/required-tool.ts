/**
 * Interop tests run real peers (mosquitto_pub/sub, openssl). When one is missing, the test fails
 * with one line naming the program and the Debian package to install, not with a bare exit code.
 */
import { spawnSync } from "node:child_process";

/** Throws `mosquitto_pub is not installed: apt-get install mosquitto-clients` when `program` is not on PATH. */
export function requireTool(program: string, debianPackage: string): void {
  const found = spawnSync("sh", ["-c", 'command -v "$1"', "sh", program], { encoding: "utf8" });
  if (found.status !== 0) {
    throw new Error(
      `${program} is not installed: apt-get install ${debianPackage} (README.md says what pnpm test needs)`,
    );
  }
}
