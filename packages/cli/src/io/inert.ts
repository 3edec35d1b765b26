/**
 * Makes text from the server inert before it reaches a terminal: control characters (ESC, BEL, C1
 * like CSI) become visible caret or `\u` notation, so a plant named with OSC/CSI sequences cannot
 * set the window title, move the cursor or clear the screen. Pipes get data untouched elsewhere.
 */

// C0 controls, DEL and C1 controls; tab and line breaks are handled by the callers' mode.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`; // ESC → ^[, BEL → ^G
  if (code === 0x7f) return "^?";
  return `\\u${code.toString(16).padStart(4, "0")}`; // C1: CSI → \u009b
}

/** One line of cell text: every control character visible, line breaks and tabs included (`^J`, `^I`). */
export function inertCell(text: string): string {
  return text.replace(CONTROL, visible);
}

/** A message of several lines: keeps `\n` and tabs, makes every other control character visible. */
export function inertMessage(text: string): string {
  return text.replace(CONTROL, (char) => (char === "\n" || char === "\t" ? char : visible(char)));
}

/**
 * JSON text with DEL and C1 controls escaped too (JSON.stringify leaves them raw; an 8-bit CSI is
 * still a CSI to some terminals). They can only occur inside strings, so escaping keeps the JSON equal.
 */
export function inertJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
