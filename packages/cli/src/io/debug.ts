/** `--debug` HTTP traces on stderr, with tokens, keys and secrets masked before they are written. */

import type { IOStreams } from "./streams.ts";

const SECRET_KEYS = ["token", "hmacSecret", "clientKey", "privateKey", "password", "secret", "accessToken"];

/**
 * Masks credentials in a trace line: bearer tokens, PEM private keys and JSON string values of
 * secret-looking keys. `redactSecrets('authorization: Bearer abc')` → `authorization: Bearer [redacted]`.
 */
export function redactSecrets(line: string): string {
  const keys = SECRET_KEYS.join("|");
  return line
    .replace(/(bearer\s+)[^\s"',]+/gi, "$1[redacted]")
    .replace(
      /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g,
      "[redacted private key]",
    )
    .replace(new RegExp(`("(?:${keys})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"), '$1"[redacted]"')
    .replace(new RegExp(`((?:${keys})=)[^&\\s]+`, "gi"), "$1[redacted]");
}

/** The SDK's `debug` hook: each line redacted and prefixed on stderr. */
export function debugWriter(io: IOStreams): (line: string) => void {
  return (line) => void io.stderr.write(`${io.errColors.dim("debug:")} ${redactSecrets(line)}\n`);
}
