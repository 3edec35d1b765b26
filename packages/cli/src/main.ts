/**
 * Builds the `voke` program and runs it: the commands the line names are registered (every one when
 * it names none), a command's code is loaded only when it runs, and every error becomes an exit
 * code here and nowhere else.
 */

import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { commandRegistry } from "./commands/index.ts";
import { redactArguments, withHints } from "./error-hints.ts";
import { ExitCode, ExitError, UsageError } from "./errors.ts";
import type { CommandDeps, CreateClient, GlobalFlags } from "./factory.ts";
import { globalFlags } from "./flags/global.ts";
import { readInput } from "./flags/validate.ts";
import { helpTopics, isHelpTopic } from "./help/topics.ts";
import type { Env } from "./io/env.ts";
import { inertJson, inertMessage } from "./io/inert.ts";
import type { TerminalStreams } from "./io/streams.ts";
import type { RegistryEntry } from "./registry/define.ts";
import { optionOf, type RunCommand, registerCommands } from "./registry/register.ts";
import { entriesForCommandLine, type GlobalFlag } from "./registry/select.ts";
import { describeCommands } from "./registry/tree.ts";

export const version: string = packageJson.version;

/** The SDK's error classes main needs; loaded only when an error has to be classified. */
export interface SdkErrorClasses {
  VokeApiError: abstract new (
    ...args: never[]
  ) => Error & { status: number; code: string; requestId?: string | undefined; details: unknown };
  VokeTimeoutError: abstract new (...args: never[]) => Error;
  VokeConnectionError: abstract new (...args: never[]) => Error;
}

/** Exit code for an API status: 400/413/415/422 → 3, 401/403 → 4, 404 → 5, 409 → 6, 408 → 7, else 1. */
export function exitCodeForStatus(status: number): number {
  if (status === 400 || status === 413 || status === 415 || status === 422) return ExitCode.rejected;
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 409) return ExitCode.conflict;
  if (status === 408) return ExitCode.timedOut;
  return ExitCode.error;
}

const COMMANDER_OK = new Set(["commander.helpDisplayed", "commander.version"]);

/** The one mapping from any error to `voke`'s exit code. */
export function exitCodeFor(error: unknown, sdk?: SdkErrorClasses): number {
  if (error instanceof CommanderError) return COMMANDER_OK.has(error.code) ? ExitCode.ok : ExitCode.usage;
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ExitError) return error.exitCode;
  if (sdk && error instanceof sdk.VokeApiError) return exitCodeForStatus(error.status);
  if (sdk && error instanceof sdk.VokeTimeoutError) return ExitCode.timedOut;
  return ExitCode.error;
}

/** What is reported about a failure, in text or as `{"error": {...}}`. */
export interface ErrorReport {
  code: string;
  message: string;
  status: number | null;
  requestId: string | null;
  details: unknown;
}

function issuesText(details: unknown): string {
  const issues = (details as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return "";
  const parts = issues
    .map((issue: { path?: unknown; message?: unknown }) =>
      typeof issue?.message === "string"
        ? `${issue.path ? `${String(issue.path)}: ` : ""}${issue.message}`
        : "",
    )
    .filter(Boolean);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

export function describeError(error: unknown, sdk?: SdkErrorClasses): ErrorReport {
  const local = (code: string, message: string): ErrorReport => ({
    code,
    message,
    status: null,
    requestId: null,
    details: null,
  });
  if (error instanceof CommanderError) return local("USAGE_ERROR", error.message.replace(/^error: /, ""));
  if (error instanceof UsageError || error instanceof ExitError) return local(error.code, error.message);
  if (sdk && error instanceof sdk.VokeApiError) {
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      requestId: error.requestId ?? null,
      details: error.details ?? null,
    };
  }
  if (sdk && error instanceof sdk.VokeTimeoutError) return local("TIMEOUT", error.message);
  if (sdk && error instanceof sdk.VokeConnectionError) return local("CONNECTION_ERROR", error.message);
  return local("UNEXPECTED_ERROR", error instanceof Error ? error.message : String(error));
}

/** `error: PLANT_NOT_FOUND: Plant not found (request id 9f3c…)`; CLI-side errors skip the code. */
export function errorLine(report: ErrorReport): string {
  const code = report.status === null ? "" : `${report.code}: `;
  const requestId = report.requestId ? ` (request id ${report.requestId})` : "";
  return `error: ${code}${report.message}${issuesText(report.details)}${requestId}\n`;
}

/** The commands a (possibly failed) command line named, for a `--help` hint: `voke plants list`. */
function commandPath(program: Command, argv: readonly string[]): string {
  let current = program;
  const path = [program.name()];
  for (const arg of argv) {
    if (arg.startsWith("-")) continue;
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    current = next;
    path.push(next.name());
  }
  return path.join(" ");
}

/** Whether errors should be JSON: `-o json|ndjson`, `--json`, or the resolved output format. */
function wantsJsonErrors(argv: readonly string[], env: Env, deps: CommandDeps | undefined): boolean {
  const machine = (format: string | undefined) => format === "json" || format === "ndjson";
  if (argv.includes("--json")) return true;
  for (const [index, arg] of argv.entries()) {
    if (arg === "-o" || arg === "--output") return machine(argv[index + 1]);
    const inline = /^(?:--output=|-o=?)(.+)$/.exec(arg);
    if (inline) return machine(inline[1]);
  }
  if (deps) {
    try {
      return machine(deps.config.output.value);
    } catch {
      // the config itself is what failed; fall back to the environment
    }
  }
  return machine(env.VOKE_OUTPUT);
}

export interface ProgramParams {
  entries: readonly RegistryEntry[];
  streams: TerminalStreams;
  run: RunCommand;
  /**
   * The command line about to be parsed: only the entries it names are registered (`voke plants
   * list` gets the `plants` group and its `list` verb), see `entriesForCommandLine`. Without it,
   * every entry is.
   */
  argv?: readonly string[];
}

/** The program's own flags, as `entriesForCommandLine` needs them. */
function parserFlags(program: Command): GlobalFlag[] {
  return program.options.map((option) => ({
    names: [option.short, option.long].filter((name): name is string => name !== undefined),
    value: option.required ? "required" : option.optional ? "optional" : "none",
  }));
}

/** The commander program with global flags, the help topics and every registered command. */
export function buildProgram(params: ProgramParams): Command {
  const { streams } = params;
  const program = new Command("voke")
    .description("Manage Voke plants, provisioning, commands and alert rules from the terminal.")
    .version(version, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void streams.stdout.write(text),
      writeErr: (text) => void streams.stderr.write(text),
      outputError: () => {}, // main reports every error itself, in text or JSON
    })
    .configureHelp({ showGlobalOptions: true })
    .helpCommand(false);
  for (const [key, spec] of Object.entries(globalFlags)) program.addOption(optionOf(key, spec));

  const topics = Object.entries(helpTopics).map(
    ([name, topic]) => `  voke help ${name.padEnd(12)} ${topic.summary}`,
  );
  program.addHelpText("after", `\nHelp topics:\n${topics.join("\n")}\n`);

  const entries = params.argv
    ? entriesForCommandLine(params.argv, params.entries, parserFlags(program))
    : params.entries;
  registerCommands(program, entries, params.run);
  // A line that names a command never reaches `voke help`; registering it would only cost time.
  if (entries !== params.entries) return program;

  program
    .command("help")
    .argument("[topic...]", "a help topic or a command")
    .summary("show help for a command or a topic")
    .description(
      `Show help for a command (voke help plants list) or a topic: ${Object.keys(helpTopics).join(", ")}.`,
    )
    .action((words: string[]) => {
      const [first] = words;
      if (first && words.length === 1 && isHelpTopic(first)) {
        streams.stdout.write(helpTopics[first].text());
        return;
      }
      let target = program;
      for (const word of words) {
        const next = target.commands.find((c) => c.name() === word || c.aliases().includes(word));
        if (!next)
          throw new UsageError(`unknown help topic or command "${words.join(" ")}" (see voke --help)`);
        target = next;
      }
      target.outputHelp();
    });
  return program;
}

export interface CliParams {
  /** Arguments after the program name. */
  argv: readonly string[];
  env: Env;
  streams: TerminalStreams;
  /** Replaces the SDK's `createVokeClient` (tests). */
  createClient?: CreateClient;
  /** Replaces the command registry (tests). */
  entries?: readonly RegistryEntry[];
}

/** Runs one invocation of `voke` and returns its exit code. */
export async function runCli(params: CliParams): Promise<number> {
  const { argv, env, streams } = params;
  let deps: CommandDeps | undefined;
  const entries = params.entries ?? commandRegistry;

  const run: RunCommand = async (definition, invocation) => {
    const input = readInput(definition, invocation.values);
    if ("error" in input) throw input.error;
    const module = await definition.load();
    const { createFactory } = await import("./factory.ts");
    deps = await createFactory({
      streams,
      env,
      globals: invocation.command.optsWithGlobals<GlobalFlags>(),
      version,
      // Completion describes every command, not only the ones this command line registered.
      commandTree: () => describeCommands(buildProgram({ entries, streams, run })),
      ...(params.createClient ? { createClient: params.createClient } : {}),
    });
    await module.run(input.options as never, deps);
  };

  const program = buildProgram({ entries, streams, run, argv });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, { argv, env, streams, deps, program });
  }
}

/** The API URL and where the token came from, when config resolution got that far. */
function settingsFor(deps: CommandDeps | undefined): { apiUrl?: string; tokenSource?: string } {
  if (!deps) return {};
  try {
    const { apiUrl, token } = deps.config;
    return { apiUrl: apiUrl.value, tokenSource: token.origin };
  } catch {
    return {};
  }
}

const argvVerb = (argv: readonly string[]) => argv.find((arg) => !arg.startsWith("-"));

interface ReportContext {
  argv: readonly string[];
  env: Env;
  streams: TerminalStreams;
  deps: CommandDeps | undefined;
  program: Command;
}

async function reportError(error: unknown, context: ReportContext): Promise<number> {
  if (error instanceof CommanderError && (COMMANDER_OK.has(error.code) || error.code === "commander.help")) {
    return exitCodeFor(error); // commander already printed the help or version
  }
  if (error instanceof ExitError && !error.report) return error.exitCode;

  const cliError =
    error instanceof CommanderError || error instanceof UsageError || error instanceof ExitError;
  const sdk = cliError ? undefined : await import("@voke/sdk").catch(() => undefined);
  const code = exitCodeFor(error, sdk);
  const described = describeError(error, sdk);
  // Never repeat a command-line value that may be a token (`voke login voke_…`).
  described.message = redactArguments(described.message, context.argv);
  const { report, hints } = withHints(described, { argv: context.argv, ...settingsFor(context.deps) });
  const { stderr } = context.streams;
  if (wantsJsonErrors(context.argv, context.env, context.deps)) {
    stderr.write(`${inertJson(JSON.stringify({ error: report }))}\n`);
    return code;
  }
  // The message may quote server data: control characters in it are shown, never sent raw.
  stderr.write(inertMessage(errorLine(report)));
  for (const hint of hints) stderr.write(`${hint}\n`);
  if (
    error instanceof CommanderError &&
    error.code === "commander.excessArguments" &&
    argvVerb(context.argv) === "login"
  )
    stderr.write(
      "Tokens are never read from arguments, where other users can see them: voke login --with-token < token.txt\n",
    );
  if (code === ExitCode.usage)
    stderr.write(`Run '${commandPath(context.program, context.argv)} --help' for usage.\n`);
  const debug = context.env.VOKE_DEBUG || context.argv.includes("--debug");
  if (report.code === "UNEXPECTED_ERROR" && debug && error instanceof Error && error.stack) {
    stderr.write(`${error.stack}\n`);
  }
  return code;
}
