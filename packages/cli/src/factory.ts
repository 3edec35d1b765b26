/**
 * Everything a command's `run(opts, deps)` gets, built lazily: the terminal, the resolved config,
 * the printer and the API client are made (and their modules loaded) only when first used.
 */

import type { VokeClient, VokeClientOptions } from "@voke/sdk";
import { configDir } from "./config/paths.ts";
import { createProfileStore, type ProfileStore } from "./config/profiles.ts";
import { type ConfigFlags, type ResolvedConfig, resolveConfig } from "./config/resolve.ts";
import { ExitCode, ExitError, UsageError } from "./errors.ts";
import { debugWriter } from "./io/debug.ts";
import type { Env } from "./io/env.ts";
import { parseFields } from "./io/fields.ts";
import { createPrinter, outputFlag, type Printer } from "./io/printer.ts";
import { createIOStreams, type IOStreams, type TerminalStreams } from "./io/streams.ts";
import type { CommandNode } from "./registry/tree.ts";

/** The global flags as commander parsed them. */
export interface GlobalFlags {
  output?: string;
  json?: boolean;
  fields?: string;
  /** `--jq EXPR`: filter the JSON output with jq. */
  jq?: string;
  profile?: string;
  apiUrl?: string;
  /** `--url`, the alias of `--api-url`. */
  url?: string;
  debug?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
}

/** Where to reach the API and with which token. */
export interface ClientSettings {
  apiUrl: string;
  token: string;
}

export type CreateClient = (options: VokeClientOptions) => VokeClient;

/** Whether the environment names a proxy (then the Node entry of the SDK, with undici, is needed). */
function proxyConfigured(env: Env): boolean {
  return ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some((name) => Boolean(env[name]));
}

/**
 * The SDK's `createVokeClient` with the CLI's transport: requests over `node:http(s)`, which loads in
 * a fraction of the time Node's fetch (undici) takes. Behind a proxy, the SDK's Node entry and its
 * undici fetch instead: they honour HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
 */
async function sdkCreateClient(env: Env): Promise<CreateClient> {
  if (proxyConfigured(env)) return (await import("@voke/sdk/node")).createVokeClient;
  const [{ createVokeClient }, { createHttpFetch }] = await Promise.all([
    import("@voke/sdk"),
    import("./net/http-fetch.ts"),
  ]);
  const fetch = createHttpFetch({ fallback: (input, init) => globalThis.fetch(input, init) });
  return (options) => createVokeClient({ fetch, ...options });
}

/** What every command's `run(opts, deps)` receives. */
export interface CommandDeps {
  /** The environment (never read `process.env` in a command). */
  readonly env: Env;
  /** Streams, TTY flags, colours, and stderr messages (`info`, `success`, `warn`). */
  readonly io: IOStreams;
  /** Settings in force, each with its source. Reading it validates env and profile values. */
  readonly config: ResolvedConfig;
  /** The stored profiles (for login, logout, config set). */
  readonly profiles: ProfileStore;
  /** The one way to print data: `printer.item(x)`, `await printer.list(xs)`. */
  readonly printer: Printer;
  /** The API client for the resolved URL and token; exit 4 when there is no token. */
  client(): Promise<VokeClient>;
  /** A client for other settings (login checks a token before saving it). */
  clientFor(settings: ClientSettings): Promise<VokeClient>;
  /** The whole command tree (shell completion is generated from it). */
  commandTree(): CommandNode;
}

export interface FactoryParams {
  streams: TerminalStreams;
  env: Env;
  globals: GlobalFlags;
  version: string;
  /** Describes the registered commands. */
  commandTree: () => CommandNode;
  /** Replaces the SDK's `createVokeClient` (tests inject fakes). */
  createClient?: CreateClient;
}

/** `--jq EXPR`: JSON output only, so it refuses `-o table|csv`. */
function jqFlag(globals: GlobalFlags): string | undefined {
  if (globals.jq === undefined) return undefined;
  if (globals.jq.trim() === "") throw new UsageError("--jq needs an expression, e.g. --jq '.[].id'");
  if (globals.output !== undefined && globals.output !== "json" && globals.output !== "ndjson") {
    throw new UsageError(`--jq filters JSON output; it does not go with -o ${globals.output}`);
  }
  return globals.jq;
}

/** `--api-url` or its alias `--url`; both at once must agree. */
function apiUrlFlag(globals: GlobalFlags): string | undefined {
  if (globals.apiUrl !== undefined && globals.url !== undefined && globals.apiUrl !== globals.url) {
    throw new UsageError("--url is another name for --api-url: give one of them");
  }
  return globals.apiUrl ?? globals.url;
}

/** Turns the global flags into the inputs of config resolution (`-o` and `--json` agree). */
export function configFlags(globals: GlobalFlags): ConfigFlags {
  return {
    profile: globals.profile,
    apiUrl: apiUrlFlag(globals),
    output: outputFlag(globals.output, globals.json),
    debug: globals.debug,
  };
}

/** Builds the deps for one command; only the terminal is set up now, the rest on first use. */
export async function createFactory(params: FactoryParams): Promise<CommandDeps> {
  const { env, globals } = params;
  const io: IOStreams = await createIOStreams(params.streams, { env, noColor: globals.color === false });
  let profiles: ProfileStore | undefined;
  let config: ResolvedConfig | undefined;
  let printer: Printer | undefined;
  let client: VokeClient | undefined;

  const deps: CommandDeps = {
    env,
    commandTree: params.commandTree,
    io,
    get profiles() {
      profiles ??= createProfileStore(configDir(env), { warn: (message) => deps.io.warn(message) });
      return profiles;
    },
    get config() {
      config ??= resolveConfig(configFlags(globals), env, (name) => deps.profiles.read(name));
      return config;
    },
    get printer() {
      printer ??= createPrinter(deps.io, {
        format: deps.config.output.value,
        formatExplicit: deps.config.output.source !== "default",
        fields: parseFields(globals.fields),
        jq: jqFlag(globals),
      });
      return printer;
    },
    async client() {
      if (client) return client;
      const { apiUrl, token } = deps.config;
      if (token.value === undefined) {
        // Nothing else supplies a token: the broken config file is the real problem (exit 2).
        const problem = deps.profiles.problem;
        if (problem) throw problem;
        throw new ExitError(
          ExitCode.auth,
          `not logged in (profile "${deps.config.profile.value}"): run \`voke login --with-token\` or set VOKE_TOKEN`,
          { code: "NOT_LOGGED_IN" },
        );
      }
      client = await deps.clientFor({ apiUrl: apiUrl.value, token: token.value });
      return client;
    },
    async clientFor(settings) {
      const create = params.createClient ?? (await sdkCreateClient(env));
      return create({
        baseUrl: settings.apiUrl,
        token: settings.token,
        userAgent: `voke/${params.version} node/${process.versions.node}`,
        // The CLI decides about tracing (flag > VOKE_DEBUG); the SDK must not read the env again.
        debug: deps.config.debug.value ? debugWriter(deps.io) : false,
        env: { ...env },
      });
    },
  };
  return deps;
}
