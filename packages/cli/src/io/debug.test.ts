import { describe, expect, it } from "vitest";
import { memoryTerminal } from "../test-support/harness.ts";
import { debugWriter, redactSecrets } from "./debug.ts";
import { createIOStreams } from "./streams.ts";

describe("redactSecrets", () => {
  it("masks bearer tokens, secret JSON fields, query secrets and PEM private keys", async () => {
    const line = [
      "authorization: Bearer vok_live_abcdef123",
      '{"hmacSecret":"s3cr\\"et","name":"ok","clientKey":"k"}',
      "?token=abc&page=2",
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----",
    ].join(" ");
    const redacted = redactSecrets(line);
    for (const secret of ["vok_live_abcdef123", "s3cr", "MHcCAQEE", "token=abc"])
      expect(redacted).not.toContain(secret);
    expect(redacted).toContain('"name":"ok"');
    expect(redacted).toContain("page=2");
  });

  it("writes trace lines to stderr, never stdout", async () => {
    const terminal = memoryTerminal();
    debugWriter(await createIOStreams(terminal.streams, { env: {} }))("GET /api/v1/plants Bearer abc");
    expect(terminal.stdout()).toBe("");
    expect(terminal.stderr()).toBe("debug: GET /api/v1/plants Bearer [redacted]\n");
  });
});
