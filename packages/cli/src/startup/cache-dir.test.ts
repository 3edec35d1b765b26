import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeCacheDir } from "./cache-dir.ts";

const linux = { platform: "linux" as const, homedir: "/home/ada" };

describe("codeCacheDir", () => {
  it("follows XDG_CACHE_HOME, else the platform's cache directory", () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: "/xdg" }, linux)).toBe(join("/xdg", "voke"));
    expect(codeCacheDir({}, linux)).toBe(join("/home/ada", ".cache", "voke"));
    expect(codeCacheDir({}, { platform: "darwin", homedir: "/Users/ada" })).toBe(
      join("/Users/ada", "Library", "Caches", "voke"),
    );
    expect(codeCacheDir({ LOCALAPPDATA: "C:\\Local" }, { platform: "win32", homedir: "C:\\ada" })).toBe(
      join("C:\\Local", "voke", "Cache"),
    );
  });

  it("is off when NODE_DISABLE_COMPILE_CACHE is set, as Node's own compile cache is", () => {
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: "1", XDG_CACHE_HOME: "/xdg" }, linux)).toBeUndefined();
  });
});
