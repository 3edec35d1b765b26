import { describe, expect, it } from "vitest";
import { inertCell, inertJson, inertMessage } from "./inert.ts";

const OSC_TITLE = "\u001b]0;owned\u0007";
const CLEAR = "\u001b[2J\u001b[H";

describe("inert text", () => {
  it("cells: every control character becomes visible, line breaks too", () => {
    expect(inertCell(`a${OSC_TITLE}b${CLEAR}\nc\td\u007f\u009b`)).toBe(
      "a^[]0;owned^Gb^[[2J^[[H^Jc^Id^?\\u009b",
    );
  });

  it("messages keep line breaks and tabs", () => {
    expect(inertMessage(`line 1\n\tline 2${OSC_TITLE}`)).toBe("line 1\n\tline 2^[]0;owned^G");
  });

  it("JSON escapes C1 and DEL as well, and still parses to the same value", () => {
    const value = { name: `x${OSC_TITLE}\u009b2J\u007f` };
    const json = inertJson(JSON.stringify(value));
    expect(json).not.toMatch(/\p{Cc}/u);
    expect(JSON.parse(json)).toEqual(value);
  });
});
