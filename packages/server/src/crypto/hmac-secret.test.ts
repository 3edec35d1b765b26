import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateHmacSecret } from "./hmac-secret.ts";

describe("generateHmacSecret", () => {
  it("is 32 random bytes as 64 lowercase hex characters", () => {
    const secrets = Array.from({ length: 50 }, generateHmacSecret);
    for (const secret of secrets) expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(secrets).size).toBe(50);
  });

  it("keys an HMAC that openssl reproduces from the text as given", async () => {
    const secret = generateHmacSecret();
    const message = 'plt_1.{"ts":"2026-01-01T00:00:00Z","nonce":"n1"}';
    const ours = createHmac("sha256", Buffer.from(secret, "utf8")).update(message).digest("hex");
    const child = promisify(execFile)("openssl", ["dgst", "-sha256", "-hmac", secret, "-r"]);
    child.child.stdin?.end(message);
    const { stdout } = await child;
    expect(stdout.split(" ")[0]).toBe(ours);
  });
});
