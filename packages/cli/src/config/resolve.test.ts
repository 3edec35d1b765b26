import { describe, expect, it } from "vitest";
import type { Profile } from "./profiles.ts";
import { DEFAULT_API_URL, maskToken, resolveConfig } from "./resolve.ts";

const stored: Record<string, Profile> = {
  default: { apiUrl: "http://profile.example:1", token: "profile-token-0123456789", output: "csv" },
  ci: { apiUrl: "http://ci.example:2" },
};
const read = (name: string) => ({ ...stored[name] });

describe("resolveConfig", () => {
  it("falls back to defaults with nothing set", () => {
    const config = resolveConfig({}, {}, () => ({}));
    expect(config.apiUrl).toEqual({ value: DEFAULT_API_URL, source: "default", origin: "default" });
    expect(config.token).toEqual({ value: undefined, source: "unset", origin: "unset" });
    expect(config.output.value).toBe("table");
    expect(config.profile.value).toBe("default");
    expect(config.debug.value).toBe(false);
  });

  it("uses the profile over defaults", () => {
    const config = resolveConfig({}, {}, read);
    expect(config.apiUrl).toEqual({
      value: "http://profile.example:1",
      source: "profile",
      origin: 'profile "default"',
    });
    expect(config.token.source).toBe("profile");
    expect(config.output).toEqual({ value: "csv", source: "profile", origin: 'profile "default"' });
  });

  it("lets the environment beat the profile, and says which variables hide stored values", () => {
    const env = {
      VOKE_API_URL: "http://env.example:3/",
      VOKE_TOKEN: "env-token",
      VOKE_OUTPUT: "ndjson",
      VOKE_DEBUG: "1",
    };
    const config = resolveConfig({}, env, read);
    expect(config.apiUrl).toEqual({ value: "http://env.example:3", source: "env", origin: "VOKE_API_URL" });
    expect(config.token).toEqual({ value: "env-token", source: "env", origin: "VOKE_TOKEN" });
    expect(config.output.origin).toBe("VOKE_OUTPUT");
    expect(config.debug).toEqual({ value: true, source: "env", origin: "VOKE_DEBUG" });
    expect(config.overrides).toEqual([
      { setting: "api-url", variable: "VOKE_API_URL" },
      { setting: "token", variable: "VOKE_TOKEN" },
      { setting: "output", variable: "VOKE_OUTPUT" },
    ]);
  });

  it("lets flags beat the environment", () => {
    const env = { VOKE_API_URL: "http://env.example:3", VOKE_OUTPUT: "ndjson", VOKE_PROFILE: "ci" };
    const config = resolveConfig(
      { apiUrl: "https://flag.example", output: "json", debug: true, profile: "default" },
      env,
      read,
    );
    expect(config.apiUrl).toEqual({ value: "https://flag.example", source: "flag", origin: "--api-url" });
    expect(config.output).toEqual({ value: "json", source: "flag", origin: "--output" });
    expect(config.debug.origin).toBe("--debug");
    expect(config.profile).toEqual({ value: "default", source: "flag", origin: "--profile" });
  });

  it("picks the profile from VOKE_PROFILE and reads that profile", () => {
    const config = resolveConfig({}, { VOKE_PROFILE: "ci" }, read);
    expect(config.profile).toEqual({ value: "ci", source: "env", origin: "VOKE_PROFILE" });
    expect(config.apiUrl.value).toBe("http://ci.example:2");
    expect(config.token.value).toBeUndefined();
  });

  it("rejects bad values naming where they came from", () => {
    expect(() => resolveConfig({}, { VOKE_API_URL: "ftp://x" }, read)).toThrow(
      /from VOKE_API_URL: must start with http/,
    );
    expect(() => resolveConfig({ apiUrl: "not a url" }, {}, read)).toThrow(
      /invalid API URL "not a url" from --api-url/,
    );
    expect(() => resolveConfig({}, { VOKE_OUTPUT: "xml" }, read)).toThrow(/"xml" from VOKE_OUTPUT/);
    expect(() => resolveConfig({}, {}, () => ({ output: "yaml" }))).toThrow(/"yaml" from profile "default"/);
    expect(() => resolveConfig({ profile: "../etc" }, {}, read)).toThrow(
      /invalid profile name "..\/etc" from --profile/,
    );
  });

  it("treats VOKE_DEBUG=0 as off but still as the source", () => {
    expect(resolveConfig({}, { VOKE_DEBUG: "0" }, read).debug).toEqual({
      value: false,
      source: "env",
      origin: "VOKE_DEBUG",
    });
  });
});

describe("maskToken", () => {
  it("keeps only the first and last four characters of a long token", () => {
    expect(maskToken("vok_1234567890abcdef")).toBe("vok_…cdef");
    expect(maskToken("short")).toBe("****");
  });
});
