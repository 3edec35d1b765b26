/**
 * The CLI's own error types and its exit codes. Commands throw these (or let SDK errors through);
 * `main.ts` is the only place that turns an error into an exit code.
 */

/** Exit codes of `voke`, stable for scripts. `voke help exit-codes` prints this table. */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  rejected: 3,
  auth: 4,
  notFound: 5,
  conflict: 6,
  timedOut: 7,
  partial: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for the help topic. */
export const exitCodeMeanings: readonly (readonly [ExitCodeValue, string])[] = [
  [ExitCode.ok, "success"],
  [ExitCode.error, "error: network failure, server error (5xx), rate limited, or anything unexpected"],
  [ExitCode.usage, "usage: unknown command, bad flag or argument, a missing --yes or --force"],
  [ExitCode.rejected, "the API rejected the input (400, 413, 415)"],
  [ExitCode.auth, "authentication or permission (401, 403), or no token configured"],
  [ExitCode.notFound, "not found (404)"],
  [ExitCode.conflict, "conflict (409): duplicate, or an idempotency key reused with another body"],
  [ExitCode.timedOut, "timed out: the request, or the wait for a device (--wait)"],
  [ExitCode.partial, "partial failure of a bulk run, or the device answered with a failure"],
];

/** The user called the CLI wrongly: bad flag value, missing argument, missing --yes. Exit 2. */
export class UsageError extends Error {
  /** API-style code printed with the message, e.g. `USAGE_ERROR`, `FILE_EXISTS`. */
  readonly code: string;

  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
    this.code = options?.code ?? "USAGE_ERROR";
  }
}

/**
 * Ends the command with a given exit code. With a message it is reported like any error; without
 * one the command has already said what went wrong (e.g. per-row NDJSON results of a bulk run).
 */
export class ExitError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly code: string;
  /** False when the command already reported the failure and main should print nothing. */
  readonly report: boolean;

  constructor(exitCode: ExitCodeValue, message?: string, options?: { code?: string; cause?: unknown }) {
    super(message ?? "", options);
    this.name = "ExitError";
    this.exitCode = exitCode;
    this.code = options?.code ?? "ERROR";
    this.report = message !== undefined;
  }
}
