import { describe, expect, it } from "vitest";
import { colorLevel } from "./colors.ts";

describe("colorLevel", () => {
  it("colours a terminal and never a pipe by default", () => {
    expect(colorLevel(true, {})).toBe(1);
    expect(colorLevel(false, {})).toBe(0);
  });

  it("turns colour off with a non-empty NO_COLOR, even over FORCE_COLOR, and with --no-color", () => {
    expect(colorLevel(true, { NO_COLOR: "1" })).toBe(0);
    expect(colorLevel(true, { NO_COLOR: "1", FORCE_COLOR: "3" })).toBe(0);
    expect(colorLevel(true, { NO_COLOR: "" })).toBe(1);
    expect(colorLevel(true, {}, true)).toBe(0);
  });

  it("honours FORCE_COLOR on pipes, with its level, and FORCE_COLOR=0 on terminals", () => {
    expect(colorLevel(false, { FORCE_COLOR: "1" })).toBe(1);
    expect(colorLevel(false, { FORCE_COLOR: "" })).toBe(1);
    expect(colorLevel(false, { FORCE_COLOR: "3" })).toBe(3);
    expect(colorLevel(true, { FORCE_COLOR: "0" })).toBe(0);
    expect(colorLevel(true, { FORCE_COLOR: "false" })).toBe(0);
  });

  it("reads the terminal's depth from TERM and COLORTERM, and none for TERM=dumb", () => {
    expect(colorLevel(true, { TERM: "xterm-256color" })).toBe(2);
    expect(colorLevel(true, { COLORTERM: "truecolor" })).toBe(3);
    expect(colorLevel(true, { TERM: "dumb" })).toBe(0);
  });
});
