#!/usr/bin/env node
/**
 * Entry point of the `voke` binary. Built as CommonJS (dist/voke.js, beside a package.json saying
 * so): Node then starts it without setting up its ES module loader, which no command needs.
 */
import packageJson from "../package.json" with { type: "json" };
import { exitWhenFlushed } from "./startup/exit.ts";
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
  void import("./main.ts")
    .then(({ runCli }) => runCli({ argv: args, env: process.env, streams: process }))
    .then((code) =>
      exitWhenFlushed({
        code,
        streams: [process.stdout, process.stderr],
        exit: (code) => process.exit(code),
      }),
    );
}
