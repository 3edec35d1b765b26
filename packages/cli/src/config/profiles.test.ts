import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { configDir } from "./paths.ts";
import { ConfigFileError, createProfileStore } from "./profiles.ts";

const tempDir = () => join(mkdtempSync(join(tmpdir(), "voke-profiles-")), "config");

describe("createProfileStore", () => {
  it("reads nothing before anything is saved", () => {
    const store = createProfileStore(tempDir());
    expect(store.read("default")).toEqual({});
    expect(store.names()).toEqual([]);
  });

  it("writes profiles to config.json with mode 0600 in a 0700 directory, and removes fields", async () => {
    const dir = tempDir();
    const store = createProfileStore(dir);
    await store.update("default", { apiUrl: "http://a:1", token: "t-1" });
    await store.update("ci", { output: "json" });
    await store.update("default", { token: undefined });
    expect(store.read("default")).toEqual({ apiUrl: "http://a:1" });
    expect(store.names()).toEqual(["default", "ci"]);
    expect(store.path).toBe(join(dir, "config.json"));
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(store.path, "utf8")).profiles.ci).toEqual({ output: "json" });
  });

  it("reports a broken file once and reads it as empty; an update moves it aside, never loses it", async () => {
    const warnings: string[] = [];
    const store = createProfileStore(tempDir(), { warn: (message) => warnings.push(message) });
    await store.update("default", { output: "csv" });
    writeFileSync(store.path, "{ not json");
    expect(store.read("default")).toEqual({});
    expect(store.names()).toEqual([]);
    expect(store.problem).toBeInstanceOf(ConfigFileError);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/is not valid JSON.*ignoring it/);

    await store.update("default", { output: "json" });
    expect(store.read("default")).toEqual({ output: "json" });
    expect(store.problem).toBeUndefined();
    const kept = readdirSync(dirname(store.path)).filter((name) => name.startsWith("config.json.broken-"));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dirname(store.path), kept[0] as string), "utf8")).toBe("{ not json");
  });
});

describe("configDir", () => {
  it("prefers VOKE_CONFIG_DIR, then XDG_CONFIG_HOME, then the platform default", () => {
    const linux = { platform: "linux" as const, homedir: "/home/u" };
    expect(configDir({ VOKE_CONFIG_DIR: "/etc/voke" }, linux)).toBe("/etc/voke");
    expect(configDir({ XDG_CONFIG_HOME: "/x" }, linux)).toBe("/x/voke");
    expect(configDir({}, linux)).toBe("/home/u/.config/voke");
    expect(configDir({}, { platform: "darwin", homedir: "/Users/u" })).toBe(
      "/Users/u/Library/Preferences/voke",
    );
  });
});
