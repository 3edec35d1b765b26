/**
 * Settings in force for one run, each with where it came from:
 * flag > environment > profile > default.
 */

import { UsageError } from "../errors.ts";
import { type Env, envFlag } from "../io/env.ts";
import { isOutputFormat, type OutputFormat, outputFormats } from "../io/printer.ts";
import { checkProfileName, type Profile } from "./profiles.ts";

export const DEFAULT_API_URL = "http://127.0.0.1:8080";
export const DEFAULT_PROFILE = "default";

export type ValueSource = "flag" | "env" | "profile" | "default" | "unset";

export interface Sourced<T> {
  value: T;
  source: ValueSource;
  /** Where exactly: `--api-url`, `VOKE_TOKEN`, `profile "ci"`. */
  origin: string;
}

export interface ResolvedConfig {
  profile: Sourced<string>;
  apiUrl: Sourced<string>;
  token: Sourced<string | undefined>;
  output: Sourced<OutputFormat>;
  debug: Sourced<boolean>;
  /** Environment variables hiding a value stored in the profile (auth status warns about these). */
  overrides: { setting: string; variable: string }[];
}

/** Global flags that take part in resolution (the token has no flag: it never goes in argv). */
export interface ConfigFlags {
  profile?: string | undefined;
  apiUrl?: string | undefined;
  output?: OutputFormat | undefined;
  debug?: boolean | undefined;
}

/** Checks an API URL and drops trailing slashes; `from` names the source in the error. */
export function checkApiUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid API URL "${value}" from ${from}: expected e.g. ${DEFAULT_API_URL}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`invalid API URL "${value}" from ${from}: must start with http:// or https://`);
  }
  return value.replace(/\/+$/, "");
}

function checkOutput(value: string, from: string): OutputFormat {
  if (!isOutputFormat(value)) {
    throw new UsageError(
      `invalid output format "${value}" from ${from} (expected one of ${outputFormats.join(", ")})`,
    );
  }
  return value;
}

function pick<T>(
  candidates: [value: string | undefined, source: ValueSource, origin: string][],
  check: (value: string, origin: string) => T,
  fallback: Sourced<T>,
): Sourced<T> {
  for (const [value, source, origin] of candidates) {
    if (value !== undefined && value !== "") return { value: check(value, origin), source, origin };
  }
  return fallback;
}

/** Resolves every setting; a bad value is a usage error naming the flag, variable or profile. */
export function resolveConfig(
  flags: ConfigFlags,
  env: Env,
  readProfile: (name: string) => Profile,
): ResolvedConfig {
  const profile = pick(
    [
      [flags.profile, "flag", "--profile"],
      [env.VOKE_PROFILE, "env", "VOKE_PROFILE"],
    ],
    checkProfileName,
    { value: DEFAULT_PROFILE, source: "default", origin: "default" },
  );
  const stored = readProfile(profile.value);
  const inProfile = `profile "${profile.value}"`;

  const apiUrl = pick(
    [
      [flags.apiUrl, "flag", "--api-url"],
      [env.VOKE_API_URL, "env", "VOKE_API_URL"],
      [stored.apiUrl, "profile", inProfile],
    ],
    checkApiUrl,
    { value: DEFAULT_API_URL, source: "default", origin: "default" },
  );
  const token = pick<string | undefined>(
    [
      [env.VOKE_TOKEN, "env", "VOKE_TOKEN"],
      [stored.token, "profile", inProfile],
    ],
    (value) => value.trim(),
    { value: undefined, source: "unset", origin: "unset" },
  );
  const output = pick<OutputFormat>(
    [
      [flags.output, "flag", "--output"],
      [env.VOKE_OUTPUT, "env", "VOKE_OUTPUT"],
      [stored.output, "profile", inProfile],
    ],
    checkOutput,
    { value: "table", source: "default", origin: "default" },
  );
  const debug: Sourced<boolean> = flags.debug
    ? { value: true, source: "flag", origin: "--debug" }
    : env.VOKE_DEBUG !== undefined && env.VOKE_DEBUG !== ""
      ? { value: envFlag(env.VOKE_DEBUG), source: "env", origin: "VOKE_DEBUG" }
      : { value: false, source: "default", origin: "default" };

  const overrides: ResolvedConfig["overrides"] = [];
  if (env.VOKE_API_URL && stored.apiUrl) overrides.push({ setting: "api-url", variable: "VOKE_API_URL" });
  if (env.VOKE_TOKEN && stored.token) overrides.push({ setting: "token", variable: "VOKE_TOKEN" });
  if (env.VOKE_OUTPUT && stored.output) overrides.push({ setting: "output", variable: "VOKE_OUTPUT" });

  return { profile, apiUrl, token, output, debug, overrides };
}

/** Shows a token as `vok_…9f3c` (first and last four characters), or `****` when it is short. */
export function maskToken(token: string): string {
  return token.length >= 16 ? `${token.slice(0, 4)}…${token.slice(-4)}` : "****";
}
