import { describe, expect, it } from "vitest";
import { memoryTerminal } from "../test-support/harness.ts";
import { createProgressBar } from "./progress.ts";
import { createIOStreams } from "./streams.ts";

describe("createProgressBar", () => {
  it("draws counts and failures on a terminal's stderr", async () => {
    const terminal = memoryTerminal({ tty: true });
    const io = await createIOStreams(terminal.streams, { env: { NO_COLOR: "1" } });
    const bar = createProgressBar(io, 2, "plants", () => 0);
    bar.tick();
    bar.tick(true);
    bar.done();
    expect(terminal.stdout()).toBe("");
    expect(terminal.stderr()).toContain(`plants [${"#".repeat(24)}] 2/2  1 failed`);
    expect(terminal.stderr().endsWith("\n")).toBe(true);
  });

  it("draws nothing when stderr is piped or under CI", async () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { CI: "1" }],
    ] as const) {
      const terminal = memoryTerminal({ tty });
      const bar = createProgressBar(await createIOStreams(terminal.streams, { env }), 3, "plants");
      bar.tick();
      bar.done();
      expect(terminal.stderr()).toBe("");
    }
  });
});
