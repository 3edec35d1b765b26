#!/usr/bin/env node
/** Entry point of the `voke` binary: turns on Node's compile cache, then runs the CLI. */

import module from "node:module";
import packageJson from "../package.json" with { type: "json" };
import { nodeVersionProblem } from "./startup/node-version.ts";

// First of all: an old Node gets one line naming the minimum, not a stack trace from deeper down.
const nodeProblem = nodeVersionProblem("voke", process.version, packageJson.engines.node);
if (nodeProblem) {
  process.stderr.write(`${nodeProblem}\n`);
  process.exit(1);
}

// `voke ... | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // The one answer that needs no command parser: scripts call this often, so it loads nothing.
  process.stdout.write(`${packageJson.version}\n`);
} else {
  // Caches V8's compiled code of the chunks loaded below: later invocations start faster.
  module.enableCompileCache?.();
  const { runCli } = await import("./main.ts");
  process.exitCode = await runCli({ argv: args, env: process.env, streams: process });
}
