#!/usr/bin/env node
/** The voke-server executable: wires the command line to the process (argv, env, streams, signals). */
import { runCommand } from "./command-line.ts";

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
