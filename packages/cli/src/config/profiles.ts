/**
 * Named profiles (api url, token, output) in one JSON file, mode 0600. Writes go through `conf`;
 * reads parse the file directly, so read-only commands do not pay for loading `conf` (and its ajv).
 */

import { mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { CONFIG_FILE_NAME } from "./paths.ts";

/** What a profile stores. The token is written only by `voke login`. */
export interface Profile {
  apiUrl?: string;
  token?: string;
  output?: string;
}

export type ProfileField = keyof Profile;

interface ConfigFile {
  profiles?: Record<string, Profile>;
}

export interface ProfileStore {
  /** The config file's path (it may not exist yet). */
  readonly path: string;
  /**
   * Why the config file cannot be used, once a read found it broken (it is then read as empty, so
   * flags and environment still work); undefined while it is fine.
   */
  readonly problem: ConfigFileError | undefined;
  /** The stored profile, empty when there is none. */
  read(name: string): Profile;
  /** Names of the stored profiles. */
  names(): string[];
  /** Sets fields (`undefined` removes one) and writes the file with mode 0600. */
  update(name: string, changes: { [K in ProfileField]?: string | undefined }): Promise<void>;
}

/** A problem with the config file itself (not valid JSON, unreadable): a usage error, exit 2. */
export class ConfigFileError extends UsageError {
  constructor(message: string) {
    super(message, { code: "CONFIG_FILE_INVALID" });
    this.name = "ConfigFileError";
  }
}

export interface ProfileStoreOptions {
  /** Told once when the config file is broken and ignored (stderr). */
  warn?: (message: string) => void;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Refuses profile names that could not be a key or that look like a flag. */
export function checkProfileName(name: string, from: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`invalid profile name "${name}" from ${from}: use letters, digits, ".", "_" or "-"`);
  }
  return name;
}

export function createProfileStore(dir: string, options: ProfileStoreOptions = {}): ProfileStore {
  const path = join(dir, CONFIG_FILE_NAME);
  let problem: ConfigFileError | undefined;

  /** The file's contents, or nothing (reported once) when it is broken. */
  function loadOrIgnore(): ConfigFile {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      if (problem === undefined) options.warn?.(`${error.message}; ignoring it (\`voke login\` replaces it)`);
      problem = error;
      return {};
    }
  }

  function load(): ConfigFile {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new ConfigFileError(`cannot read config file ${path}: ${(error as Error).message}`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      return parsed as ConfigFile;
    } catch (error) {
      throw new ConfigFileError(
        `config file ${path} is not valid JSON (${(error as Error).message}); fix or remove it`,
      );
    }
  }

  return {
    path,
    get problem() {
      return problem;
    },
    read: (name) => ({ ...loadOrIgnore().profiles?.[name] }),
    names: () => Object.keys(loadOrIgnore().profiles ?? {}),
    async update(name, changes) {
      try {
        load();
      } catch (error) {
        if (!(error instanceof ConfigFileError)) throw error;
        // A broken file is moved aside, never silently lost: login, logout and config set repair it.
        const kept = `${path}.broken-${Date.now()}`;
        renameSync(path, kept);
        options.warn?.(`${error.message}; moved it to ${kept} and starting a new one`);
        problem = undefined;
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { default: Conf } = await import("conf");
      const store = new Conf<ConfigFile>({
        cwd: dir,
        configName: CONFIG_FILE_NAME.replace(/\.json$/, ""),
        projectName: "voke",
        configFileMode: 0o600,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
      });
      const profiles = { ...store.get("profiles") };
      const profile: Profile = { ...profiles[name] };
      for (const [field, value] of Object.entries(changes) as [ProfileField, string | undefined][]) {
        if (value === undefined) delete profile[field];
        else profile[field] = value;
      }
      profiles[name] = profile;
      store.set("profiles", profiles);
    },
  };
}
