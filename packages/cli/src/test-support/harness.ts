/**
 * Test doubles for the terminal: in-memory stdout/stderr/stdin that can pretend to be TTYs, a way to
 * run the whole CLI in-process, and ready-made `CommandDeps` for calling a verb's `run` directly.
 */

import { PassThrough, Readable } from "node:stream";
import type { CommandDeps, CreateClient, GlobalFlags } from "../factory.ts";
import { createFactory } from "../factory.ts";
import type { Env } from "../io/env.ts";
import type { InputStream, OutputStream, TerminalStreams } from "../io/streams.ts";
import { runCli, version } from "../main.ts";
import type { RegistryEntry } from "../registry/define.ts";
import type { CommandNode } from "../registry/tree.ts";

export interface MemoryTerminal {
  streams: TerminalStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
}

export interface TerminalOptions {
  /** Text available on stdin (then it ends). Default: empty. */
  stdin?: string;
  /** Make stdout, stderr and stdin report `isTTY`. */
  tty?: boolean;
  columns?: number;
}

function capture(tty: boolean, columns: number): { stream: OutputStream; text: () => string } {
  const stream = new PassThrough() as PassThrough & OutputStream;
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  if (tty) {
    stream.isTTY = true;
    stream.columns = columns;
  }
  return { stream, text: () => text };
}

export function memoryTerminal(options: TerminalOptions = {}): MemoryTerminal {
  const tty = options.tty ?? false;
  const stdout = capture(tty, options.columns ?? 120);
  const stderr = capture(tty, options.columns ?? 120);
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]) as Readable &
    InputStream;
  if (tty) stdin.isTTY = true;
  return {
    streams: { stdout: stdout.stream, stderr: stderr.stream, stdin },
    stdout: stdout.text,
    stderr: stderr.text,
  };
}

export interface RunVokeOptions extends TerminalOptions {
  env?: Env;
  createClient?: CreateClient;
  entries?: readonly RegistryEntry[];
}

export interface RunVokeResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `voke <argv>` in-process with memory streams. */
export async function runVoke(argv: readonly string[], options: RunVokeOptions = {}): Promise<RunVokeResult> {
  const terminal = memoryTerminal(options);
  const code = await runCli({
    argv,
    env: options.env ?? {},
    streams: terminal.streams,
    ...(options.createClient ? { createClient: options.createClient } : {}),
    ...(options.entries ? { entries: options.entries } : {}),
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

export interface TestDepsOptions extends TerminalOptions {
  env?: Env;
  globals?: GlobalFlags;
  /** A fake SDK client (cast as needed); `deps.client()` and `deps.clientFor()` return it. */
  client?: unknown;
  commandTree?: CommandNode;
}

/** `CommandDeps` over memory streams, for calling a verb's `run(opts, deps)` in a unit test. */
export async function createTestDeps(options: TestDepsOptions = {}): Promise<
  MemoryTerminal & {
    deps: CommandDeps;
    clientCalls: unknown[];
  }
> {
  const terminal = memoryTerminal(options);
  const clientCalls: unknown[] = [];
  const deps = await createFactory({
    streams: terminal.streams,
    env: options.env ?? {},
    globals: options.globals ?? {},
    version,
    commandTree: () =>
      options.commandTree ?? {
        name: "voke",
        aliases: [],
        summary: "",
        flags: [],
        argumentChoices: [],
        subcommands: [],
      },
    createClient: (clientOptions) => {
      clientCalls.push(clientOptions);
      if (options.client === undefined) throw new Error("this test gave createTestDeps no client");
      return options.client as ReturnType<CreateClient>;
    },
  });
  return { ...terminal, deps, clientCalls };
}
