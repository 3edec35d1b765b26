// docs/protocol.md and this package say the same: every refusal name and every limit appears in the page.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_METRIC_NAME_LENGTH, MAX_METRICS, MAX_PAYLOAD_BYTES } from "./limits.ts";
import { AUTH_REFUSALS, MESSAGE_REFUSALS } from "./refusals.ts";

const doc = readFileSync(new URL("../../../docs/protocol.md", import.meta.url), "utf8");

describe("docs/protocol.md", () => {
  it("names every refusal", () => {
    for (const name of [...AUTH_REFUSALS, ...MESSAGE_REFUSALS]) expect(doc, name).toContain(`\`${name}\``);
  });

  it("states the message limits", () => {
    expect(doc).toContain(`at most ${MAX_PAYLOAD_BYTES / 1024} KiB`);
    expect(doc).toContain(`1–${MAX_METRICS} entries; names of 1–${MAX_METRIC_NAME_LENGTH} characters`);
  });
});
