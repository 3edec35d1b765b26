import { describe, expect, it } from "vitest";
import { memoryTerminal } from "../test-support/harness.ts";
import { createIOStreams } from "./streams.ts";

describe("createIOStreams", () => {
  it("reports TTYs as the streams do, and VOKE_FORCE_TTY=1 makes all three terminals", async () => {
    const piped = await createIOStreams(memoryTerminal().streams, { env: {} });
    expect([piped.stdoutIsTTY, piped.stderrIsTTY, piped.stdinIsTTY, piped.canPrompt, piped.animate]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const forced = await createIOStreams(memoryTerminal().streams, { env: { VOKE_FORCE_TTY: "1" } });
    expect([
      forced.stdoutIsTTY,
      forced.stderrIsTTY,
      forced.stdinIsTTY,
      forced.canPrompt,
      forced.animate,
    ]).toEqual([true, true, true, true, true]);
  });

  it("under CI never prompts or animates, even on a terminal", async () => {
    const io = await createIOStreams(memoryTerminal({ tty: true }).streams, { env: { CI: "true" } });
    expect(io.stdoutIsTTY).toBe(true);
    expect(io.canPrompt).toBe(false);
    expect(io.animate).toBe(false);
  });

  it("writes messages to stderr only", async () => {
    const terminal = memoryTerminal();
    const io = await createIOStreams(terminal.streams, { env: {} });
    io.info("hello");
    io.success("done");
    io.warn("careful");
    expect(terminal.stdout()).toBe("");
    // "✓" confirmations are for a person: not on a pipe.
    expect(terminal.stderr()).toBe("hello\nwarning: careful\n");
    const tty = memoryTerminal({ tty: true });
    const ttyIo = await createIOStreams(tty.streams, { env: { NO_COLOR: "1" } });
    ttyIo.success("done");
    expect(tty.stderr()).toBe("✓ done\n");
  });
});
