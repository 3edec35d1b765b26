#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node, before the root scripts load .ts files or
// node:sqlite. Prints one line naming the minimum from package.json's engines and exits 1.
import { readFileSync } from "node:fs";

const range = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node;
const minimum = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range).slice(1).map(Number);
const current = process.versions.node.split(".").map(Number);
const older = minimum.findIndex((need, index) => current[index] !== need);
if (older !== -1 && current[older] < minimum[older]) {
  process.stderr.write(
    `voke needs Node >= ${minimum.join(".")}; this is Node ${process.version}. Install a newer Node (https://nodejs.org).\n`,
  );
  process.exit(1);
}
