// The protocol summary every package carries tells the truth about the server: the shell recipe signs as the
// server does, and the limits it names are the ones enforced.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  encodeEnvelope,
  MAX_CLOCK_SKEW_MS,
  MAX_PAYLOAD_BYTES,
  REPLAY_WINDOW_MS,
  signEnvelope,
} from "@voke/protocol";
import { describe, expect, it } from "vitest";
import { SECRET_GRACE_PERIOD_MINUTES } from "./plant-credentials.ts";
import { PROTOCOL } from "./provisioning-package.ts";

describe("protocol summary", () => {
  it("gives a shell recipe whose signature is the server's", () => {
    const plantId = randomUUID();
    const secret = "a1b2c3d4e5f6 not hex-decoded ✓";
    const sealed = JSON.parse(
      encodeEnvelope(signEnvelope(plantId, secret, { ts: "2025-06-01T12:00:00Z", nonce: "n-0000001" })),
    );
    const sig = execFileSync("sh", ["-c", PROTOCOL.envelope.shell], {
      env: { PATH: process.env.PATH, PLANT_ID: plantId, BODY: sealed.body, HMAC_SECRET: secret },
    })
      .toString("utf8")
      .trim();
    expect(sig).toBe(sealed.sig);
  });

  it("names the limits the server enforces", () => {
    expect(PROTOCOL.envelope.maxPayloadBytes).toBe(MAX_PAYLOAD_BYTES);
    expect(PROTOCOL.freshness.ts).toContain(`${MAX_CLOCK_SKEW_MS / 60_000} minutes`);
    expect(PROTOCOL.freshness.nonce).toContain(`${REPLAY_WINDOW_MS / 60_000} minutes`);
    expect(PROTOCOL.authentication.PASSWORD).toContain(`${SECRET_GRACE_PERIOD_MINUTES} min`);
  });
});
