import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { memoryTerminal } from "../test-support/harness.ts";
import { confirm } from "./prompt.ts";
import { createIOStreams } from "./streams.ts";

describe("confirm", () => {
  it("refuses without a terminal, naming the flag to pass", async () => {
    const io = await createIOStreams(memoryTerminal({ stdin: "y\n" }).streams, { env: {} });
    const answer = confirm(io, "Revoke plant p1?", "--yes");
    await expect(answer).rejects.toBeInstanceOf(UsageError);
    await expect(answer).rejects.toThrow(
      "Revoke plant p1: refusing to prompt without a terminal; pass --yes to confirm",
    );
  });

  it("asks on stderr and reads yes or no from a terminal", async () => {
    const yes = memoryTerminal({ tty: true, stdin: "y\n" });
    expect(await confirm(await createIOStreams(yes.streams, { env: {} }), "Delete?")).toBe(true);
    expect(yes.stderr()).toContain("Delete? [y/N] ");
    expect(yes.stdout()).toBe("");
    const no = memoryTerminal({ tty: true, stdin: "\n" });
    expect(await confirm(await createIOStreams(no.streams, { env: {} }), "Delete?")).toBe(false);
  });
});
