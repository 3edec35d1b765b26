import { describe, expect, it } from "vitest";
import { exitWhenFlushed, type FlushableStream } from "./exit.ts";

/** A stream with `pending` bytes unwritten; `drain()` sends them and runs the waiting callbacks. */
function slowStream(pending: number): FlushableStream & { drain(): void } {
  const callbacks: (() => void)[] = [];
  let length = pending;
  return {
    get writableLength() {
      return length;
    },
    destroyed: false,
    write(_chunk, callback) {
      callbacks.push(() => callback());
      return false;
    },
    drain() {
      length = 0;
      for (const callback of callbacks.splice(0)) callback();
    },
  };
}

describe("exitWhenFlushed", () => {
  it("exits at once with the code when nothing is left to write", async () => {
    const exits: number[] = [];
    await exitWhenFlushed({
      code: 5,
      streams: [slowStream(0), slowStream(0)],
      exit: (code) => exits.push(code),
    });
    expect(exits).toEqual([5]);
  });

  it("waits until a stream with unwritten output has written it", async () => {
    const exits: number[] = [];
    const stdout = slowStream(64 * 1024);
    const done = exitWhenFlushed({
      code: 0,
      streams: [stdout, slowStream(0)],
      exit: (code) => exits.push(code),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(exits).toEqual([]);
    stdout.drain();
    await done;
    expect(exits).toEqual([0]);
  });

  it("does not wait on a destroyed stream (a closed pipe)", async () => {
    const exits: number[] = [];
    const closed = { ...slowStream(10), destroyed: true };
    await exitWhenFlushed({ code: 1, streams: [closed], exit: (code) => exits.push(code) });
    expect(exits).toEqual([1]);
  });
});
