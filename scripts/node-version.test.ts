/**
 * The Node minimum is one number: every package's engines field names it, it covers what the
 * dependencies declare, README and CI use it, and every entry point refuses an older Node with one
 * line naming it (an older Node is simulated by a preload that rewrites process.version).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(`${root}${path}`, "utf8"));
// Every workspace package, found on disk so a new one cannot be forgotten.
const packages = [
  "package.json",
  ...readdirSync(`${root}packages`).map((name) => `packages/${name}/package.json`),
];
const range: string = readJson("package.json").engines.node;
const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(range)?.[1] as string;

/** The lowest 22.x.y a dependency's engines range allows on Node 22 (`>=22.19.0`, `^22.12.0 || ...`). */
function node22Minimum(engines: string): number[] | undefined {
  const match = /(?:>=|\^)\s*22\.(\d+)\.(\d+)/.exec(engines);
  return match ? [22, Number(match[1]), Number(match[2])] : undefined;
}

const older = (a: readonly number[], b: readonly number[]) => {
  const index = a.findIndex((part, i) => part !== b[i]);
  return index !== -1 && (a[index] as number) < (b[index] as number);
};

const OLD = "20.19.5";
const preload = `data:text/javascript,${encodeURIComponent(
  `Object.defineProperty(process, "version", { value: "v${OLD}" });` +
    `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "${OLD}" } });`,
)}`;

function runOnOldNode(args: string[]) {
  return spawnSync(process.execPath, ["--import", preload, ...args], { cwd: root, encoding: "utf8" });
}

describe("the Node minimum", () => {
  it("is the same >=X.Y.Z in every package.json", () => {
    expect(minimum).toMatch(/^\d+\.\d+\.\d+$/);
    for (const file of packages) expect(readJson(file).engines.node, file).toBe(range);
  });

  it("covers the engines every direct dependency declares for Node 22", () => {
    const ours = minimum.split(".").map(Number);
    for (const file of packages) {
      const manifest = readJson(file);
      const dir = file.replace(/package\.json$/, "");
      for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
        const engines = readJson(`${dir}node_modules/${name}/package.json`).engines?.node;
        const needed = engines ? node22Minimum(engines) : undefined;
        if (needed) expect(older(ours, needed), `${name} needs ${engines}`).toBe(false);
      }
    }
  });

  it("is what README, CONTRIBUTING and CI state", () => {
    const readme = readFileSync(`${root}README.md`, "utf8");
    expect(readme).toContain(`Node ≥ ${minimum}`);
    expect(readme).not.toMatch(/Node ≥ 22\.13/);
    expect(readFileSync(`${root}CONTRIBUTING.md`, "utf8")).toContain(`Node ≥ ${minimum}`);
    expect(readFileSync(`${root}.ci/run`, "utf8")).toContain(`NODE_MINIMUM=${minimum}`);
  });

  it.each([
    ["voke (built)", ["packages/cli/dist/voke.js", "--version"], "voke"],
    ["voke-server (built)", ["packages/server/dist/bin.js", "start"], "voke-server"],
    ["voke-server (source, pnpm voke-server)", ["packages/server/src/bin.ts", "start"], "voke-server"],
    ["root scripts (pnpm start/demo/test)", ["--import", "./scripts/require-node.mjs", "-e", ""], "voke"],
  ])("%s refuses an older Node with one line naming the minimum", (_, args, program) => {
    const result = runOnOldNode(args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `${program} needs Node >= ${minimum}; this is Node v${OLD}. Install a newer Node (https://nodejs.org).\n`,
    );
  });

  it("root scripts that load TypeScript or build check the version first", () => {
    const scripts: Record<string, string> = readJson("package.json").scripts;
    for (const name of ["start", "voke-server", "demo", "test", "build", "bench"]) {
      expect(scripts[name], name).toMatch(/^node (--import \.\/)?scripts\/require-node\.mjs/);
    }
  });
});
