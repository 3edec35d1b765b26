#!/usr/bin/env node
/** The voke-server executable: wires the command line to the process (argv, env, streams, signals). */
import { readFileSync } from "node:fs";
import { nodeVersionProblem } from "./node-version.ts";

// Before anything that needs a newer Node (node:sqlite) is loaded: the rest comes in by import().
const engines = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines;
const problem = nodeVersionProblem("voke-server", process.version, engines.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const { runCommand } = await import("./command-line.ts");

const stopSignal = new Promise<string>((resolve) => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve(signal));
});

process.exitCode = await runCommand(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal,
});
// Nothing else should keep the process alive once the command is done (e.g. a signal listener).
process.exit();
