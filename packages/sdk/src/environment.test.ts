import { describe, expect, test } from "vitest";
import { readEnvironmentVariable } from "./environment.ts";

describe("readEnvironmentVariable", () => {
  test("reads the env it is given, and nothing else", () => {
    expect(readEnvironmentVariable("VOKE_DEBUG", { VOKE_DEBUG: "1" })).toBe("1");
    expect(readEnvironmentVariable("VOKE_DEBUG", {})).toBeUndefined();
  });

  test("in Deno, asks for the permission first and never reads without it", () => {
    const reads: string[] = [];
    const deno = (state: string) => ({
      Deno: {
        permissions: { querySync: () => ({ state }) },
        env: {
          get(name: string) {
            reads.push(name);
            if (state !== "granted") throw new Error(`NotCapable: Requires env access to "${name}"`);
            return "1";
          },
        },
      },
    });
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, deno("prompt"))).toBeUndefined();
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, deno("denied"))).toBeUndefined();
    expect(reads).toEqual([]);
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, deno("granted"))).toBe("1");
  });

  test("an environment that throws on read counts as unset; no environment at all too", () => {
    const locked = new Proxy({} as Record<string, string>, {
      get() {
        throw new Error("not allowed");
      },
    });
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, { process: { env: locked } })).toBeUndefined();
    expect(readEnvironmentVariable("VOKE_DEBUG", locked)).toBeUndefined();
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, {})).toBeUndefined();
    expect(readEnvironmentVariable("VOKE_DEBUG", undefined, { process: { env: { VOKE_DEBUG: "1" } } })).toBe(
      "1",
    );
  });
});
