import * as sdk from "@voke/sdk";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { ExitCode, ExitError, UsageError } from "./errors.ts";
import { flag } from "./flags/declare.ts";
import { pageFlags } from "./flags/shared.ts";
import { describeError, errorLine, exitCodeFor, exitCodeForStatus } from "./main.ts";
import { defineCommand, defineGroup } from "./registry/define.ts";
import { runVoke } from "./test-support/harness.ts";

const init = (status: number) => ({ status, code: "SOME_CODE", message: "went wrong", requestId: "req-1" });

describe("exitCodeFor", () => {
  it.each([
    [new sdk.BadRequestError(init(400)), 3],
    [new sdk.PayloadTooLargeError(init(413)), 3],
    [new sdk.VokeApiError(init(415)), 3],
    [new sdk.AuthenticationError(init(401)), 4],
    [new sdk.PermissionDeniedError(init(403)), 4],
    [new sdk.NotFoundError(init(404)), 5],
    [new sdk.ConflictError(init(409)), 6],
    [new sdk.RateLimitError(init(429)), 1],
    [new sdk.InternalServerError(init(500)), 1],
    [new sdk.InternalServerError(init(503)), 1],
    [new sdk.VokeTimeoutError("took too long"), 7],
    [new sdk.VokeConnectionError("connect ECONNREFUSED"), 1],
    [new UsageError("bad flag"), 2],
    [new CommanderError(1, "commander.unknownCommand", "error: unknown command 'x'"), 2],
    [new CommanderError(1, "commander.unknownOption", "error: unknown option '--x'"), 2],
    [new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), 0],
    [new CommanderError(0, "commander.version", "1.0.0"), 0],
    [new ExitError(ExitCode.partial, "2 of 10 rows failed"), 8],
    [new ExitError(ExitCode.timedOut), 7],
    [new Error("boom"), 1],
    ["a thrown string", 1],
  ])("%o → %i", (error, code) => {
    expect(exitCodeFor(error, sdk)).toBe(code);
  });

  it("maps every status the API uses", () => {
    expect([400, 401, 403, 404, 408, 409, 413, 415, 429, 500, 502].map(exitCodeForStatus)).toEqual([
      3, 4, 4, 5, 7, 6, 3, 3, 1, 1, 1,
    ]);
  });
});

describe("error reports", () => {
  it("prints an API error as one line with code, message and request id", () => {
    const error = new sdk.NotFoundError({
      status: 404,
      code: "PLANT_NOT_FOUND",
      message: "Plant not found",
      requestId: "9f3c",
    });
    expect(errorLine(describeError(error, sdk))).toBe(
      "error: PLANT_NOT_FOUND: Plant not found (request id 9f3c)\n",
    );
  });

  it("adds validation issues from details to the same line", () => {
    const error = new sdk.BadRequestError({
      status: 400,
      code: "VALIDATION_ERROR",
      message: "Invalid body",
      details: { issues: [{ path: "name", message: "Required" }] },
    });
    expect(errorLine(describeError(error, sdk))).toBe(
      "error: VALIDATION_ERROR: Invalid body (name: Required)\n",
    );
  });

  it("describes an API error as the JSON object scripts read", () => {
    const error = new sdk.ConflictError({
      status: 409,
      code: "PLANT_ALREADY_EXISTS",
      message: "dup",
      details: { serialNumber: "SN" },
    });
    expect(describeError(error, sdk)).toEqual({
      code: "PLANT_ALREADY_EXISTS",
      message: "dup",
      status: 409,
      requestId: null,
      details: { serialNumber: "SN" },
    });
  });
});

/** A fake noun whose verb records what it was run with. */
function widgets(calls: unknown[]) {
  return [
    defineGroup({ noun: "widgets", summary: "manage widgets", examples: ["voke widgets list"] }),
    defineCommand({
      noun: "widgets",
      verb: "list",
      summary: "list widgets",
      examples: ["voke widgets list --all -o json"],
      args: [{ name: "owner-id", description: "whose widgets", required: false }],
      flags: { ...pageFlags, kind: flag.choice("kind", ["A", "B"], "filter") },
      load: async () => ({
        run: async (opts: unknown, deps) => {
          calls.push(opts);
          await deps.printer.list([{ id: "w1", kind: "A" }]);
        },
      }),
    }),
    defineCommand({
      noun: "widgets",
      verb: "get",
      summary: "get a widget",
      args: [{ name: "id", description: "widget id" }],
      load: async () => ({
        run: async (opts: { id: string }) => {
          throw new sdk.NotFoundError({
            status: 404,
            code: "WIDGET_NOT_FOUND",
            message: `Widget ${opts.id} not found`,
            requestId: "r-7",
          });
        },
      }),
    }),
  ];
}

describe("runCli", () => {
  it("validates flags into typed options before running the verb", async () => {
    const calls: unknown[] = [];
    const result = await runVoke(
      ["widgets", "list", "owner-1", "--limit", "50", "--kind", "B", "-o", "json"],
      {
        entries: widgets(calls),
      },
    );
    expect(result.code).toBe(0);
    expect(calls).toEqual([{ ownerId: "owner-1", limit: 50, kind: "B", all: false }]);
    expect(JSON.parse(result.stdout)).toEqual([{ id: "w1", kind: "A" }]);
  });

  it("exits 2 naming the flag when a value is invalid, without running the verb", async () => {
    const calls: unknown[] = [];
    const result = await runVoke(["widgets", "list", "--limit", "500"], { entries: widgets(calls) });
    expect(result.code).toBe(2);
    expect(calls).toEqual([]);
    expect(result.stderr).toBe(
      "error: invalid value for --limit: must be a whole number from 1 to 100\nRun 'voke widgets list --help' for usage.\n",
    );
    const combined = await runVoke(["widgets", "list", "--all", "--page", "2"], { entries: widgets(calls) });
    expect(combined.code).toBe(2);
    expect(combined.stderr).toContain("invalid value for --all: cannot be combined with --page");
  });

  it("exits 2 for commander's own usage errors: unknown command, unknown flag, bad choice", async () => {
    const unknown = await runVoke(["frobnicate"], { entries: widgets([]) });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    const flag = await runVoke(["widgets", "list", "--colour"], { entries: widgets([]) });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--colour'");
    const choice = await runVoke(["widgets", "list", "--kind", "C"], { entries: widgets([]) });
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain("Allowed choices are A, B");
    const format = await runVoke(["widgets", "list", "-o", "xml"], { entries: widgets([]) });
    expect(format.code).toBe(2);
  });

  it("reports an API error on stderr, as text or (with -o json) as JSON, with its exit code", async () => {
    const text = await runVoke(["widgets", "get", "w9"], { entries: widgets([]) });
    expect(text).toEqual({
      code: 5,
      stdout: "",
      stderr: "error: WIDGET_NOT_FOUND: Widget w9 not found (request id r-7)\n",
    });
    const json = await runVoke(["widgets", "get", "w9", "-o", "json"], { entries: widgets([]) });
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: "WIDGET_NOT_FOUND",
        message: "Widget w9 not found",
        status: 404,
        requestId: "r-7",
        details: null,
      },
    });
    const env = await runVoke(["widgets", "get", "w9"], {
      entries: widgets([]),
      env: { VOKE_OUTPUT: "ndjson" },
    });
    expect(JSON.parse(env.stderr).error.code).toBe("WIDGET_NOT_FOUND");
  });

  it("reports usage errors as JSON too when JSON was asked for", async () => {
    const result = await runVoke(["--json", "widgets", "list", "--limit", "0"], { entries: widgets([]) });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: "USAGE_ERROR", status: null });
  });

  it("prints the version, help with examples, and help topics on stdout with exit 0", async () => {
    expect(await runVoke(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const help = await runVoke(["widgets", "list", "--help"], { entries: widgets([]) });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:\n  $ voke widgets list --all -o json");
    expect(help.stdout).toContain("Global Options:");
    const exitCodes = await runVoke(["help", "exit-codes"]);
    expect(exitCodes.code).toBe(0);
    expect(exitCodes.stdout).toContain("  8  partial failure");
    const environment = await runVoke(["help", "environment"]);
    expect(environment.stdout).toContain("VOKE_CONFIG_DIR");
    const commandHelp = await runVoke(["help", "widgets", "list"], { entries: widgets([]) });
    expect(commandHelp.stdout).toContain("Usage: voke widgets list [options] [owner-id]");
    expect((await runVoke(["help", "nonsense"])).code).toBe(2);
  });

  it("exits 2 with help on stderr when a noun is given without a verb", async () => {
    const result = await runVoke(["widgets"], { entries: widgets([]) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage: voke widgets [options] [command]");
  });

  it("registers the built-in commands", async () => {
    const help = await runVoke(["--help"]);
    for (const name of ["login", "logout", "auth", "config", "completion", "help"])
      expect(help.stdout).toContain(`  ${name}`);
  });
});
