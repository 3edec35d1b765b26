import { stripVTControlCharacters } from "node:util";
import type { VokeEvent } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { loadStyles, plainStyles } from "../../io/styles.ts";
import { describeEvent, watchLine } from "./watch-line.ts";

const PLANT = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const event = (type: VokeEvent["type"], data: Record<string, unknown>): VokeEvent => ({
  id: "7",
  type,
  at: "2026-12-01T10:11:12.345Z",
  plantId: PLANT,
  data,
});

describe("watch lines", () => {
  it("align time, type and plant in fixed columns whatever the type", () => {
    const lines = [
      watchLine(event("telemetry", { metrics: { powerKw: 3.2, soc: 81 } }), plainStyles),
      watchLine(event("alert", { severity: "CRITICAL", message: "soc is 5" }), plainStyles),
      watchLine(event("command", { command: "reboot", status: "SENT", cmdId: "c1" }), plainStyles),
    ];
    expect(lines).toEqual([
      "10:11:12.345  telemetry  6f1c2d3e  powerKw=3.2 soc=81",
      "10:11:12.345  alert      6f1c2d3e  [CRITICAL] soc is 5",
      "10:11:12.345  command    6f1c2d3e  reboot SENT  cmd c1",
    ]);
  });

  it("makes server text inert: an escape sequence in a metric name or message cannot reach the terminal", () => {
    const line = watchLine(
      event("alert", { severity: "WARNING", message: "\u001b]0;owned\u0007 \u009b2J" }),
      plainStyles,
    );
    const controls = [...line].filter(
      (c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f),
    );
    expect(controls).toEqual([]);
    expect(describeEvent(event("telemetry", { metrics: { "\u001b[2Jx": 1 } }))).toBe("^[[2Jx=1");
  });

  it("colours by type and cuts long lines to the terminal's width", async () => {
    const styles = await loadStyles(1);
    const alert = watchLine(event("alert", { severity: "CRITICAL", message: "x".repeat(200) }), styles, 80);
    expect(alert).not.toBe(stripVTControlCharacters(alert));
    expect(stripVTControlCharacters(alert)).toHaveLength(80);
    expect(stripVTControlCharacters(alert).endsWith("…")).toBe(true);
  });

  it("describes lifecycle, presence and refusals", () => {
    expect(describeEvent(event("lifecycle", { from: "PROVISIONED", to: "ACTIVE" }))).toBe(
      "PROVISIONED → ACTIVE",
    );
    expect(describeEvent(event("presence", { status: "OFFLINE" }))).toBe("OFFLINE");
    expect(describeEvent(event("refusal", { reason: "BAD_SIGNATURE", count: 3 }))).toBe("BAD_SIGNATURE ×3");
  });
});
