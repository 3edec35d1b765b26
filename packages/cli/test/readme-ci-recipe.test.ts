/**
 * README.md's "In CI" recipe, run as written against the real server: the admin's `voke tokens create`
 * line, then every step of the workflow excerpt with that token, and the plants.csv shown there. The
 * commands come from README.md itself, so the test fails as soon as the README stops working.
 */

import { execFile } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ServerProcess, startServerProcess } from "../../server/test/server-process.ts";
import { buildCli } from "../scripts/build.ts";

const ADMIN_TOKEN = "vok_readme_ci_admin_0123456789abcdef";
const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

/** The fenced blocks of the README section whose heading starts with `heading`, by language. */
function blocksOf(heading: string): { lang: string; body: string }[] {
  const start = README.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] ?? "",
    body: m[2] ?? "",
  }));
}

interface WorkflowStep {
  run: string;
  env?: Record<string, string>;
}

let dir: string;
let server: ServerProcess;
let pathWithVoke: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "voke-readme-ci-"));
  const [{ entry }, started] = await Promise.all([
    buildCli({ outdir: join(dir, "bundle") }),
    startServerProcess(join(dir, "data"), { VOKE_BOOTSTRAP_TOKEN: ADMIN_TOKEN, VOKE_LOG_LEVEL: "error" }),
  ]);
  server = started;
  // What `npm install -g @voke/cli` gives a CI runner: a `voke` on PATH (here, this checkout's bundle).
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "voke"), `#!/bin/sh\nexec "${process.execPath}" "${entry}" "$@"\n`);
  chmodSync(join(bin, "voke"), 0o755);
  pathWithVoke = `${bin}:${process.env.PATH ?? ""}`;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `script` as GitHub Actions runs a `run:` step (bash -e -o pipefail) in a clean environment. */
function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
      { cwd, env: { PATH: pathWithVoke, HOME: cwd, VOKE_CONFIG_DIR: join(cwd, ".voke-config"), ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("README: In CI: bulk provisioning from a CSV", () => {
  it("works as written with a provisioner token, which can do nothing destructive", async () => {
    const blocks = blocksOf("In CI");
    // The first shell block mints the token; a later one shows the same bulk run from a terminal.
    const shell = blocks.filter((b) => b.lang === "sh").slice(0, 1);
    const workflow = blocks.find((b) => b.lang === "yaml");
    const csv = blocks.find((b) => b.lang === "csv");
    expect(shell[0]?.body).toContain("voke tokens create");
    expect(workflow && csv).toBeTruthy();

    // 1. The admin creates the CI token, exactly as the README says.
    const adminDir = join(dir, "admin");
    mkdirSync(adminDir);
    const admin = { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: ADMIN_TOKEN };
    const command = shell[0]?.body ?? "";
    const minted = await bash(command, adminDir, admin);
    expect(minted.stderr).not.toMatch(/error/i);
    expect(minted.code).toBe(0);
    // The file the README names holds the secret, and only the file.
    const tokenFile = join(adminDir, /--token-file (\S+)/.exec(command)?.[1] ?? "missing");
    const ciToken = readFileSync(tokenFile, "utf8");
    expect(ciToken).toMatch(/^voke_[A-Za-z0-9_-]{43}$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(minted.stdout + minted.stderr).not.toContain(ciToken);

    // 2. The workflow's steps, in the job's directory holding the README's plants.csv.
    const job = join(dir, "job");
    mkdirSync(job);
    writeFileSync(join(job, "plants.csv"), csv?.body ?? "");
    const steps = parse(workflow?.body ?? "") as WorkflowStep[];
    expect(steps[0]?.run).toBe("npm install -g @voke/cli"); // stands for the `voke` put on PATH above
    const outputs: string[] = [];
    for (const step of steps.slice(1)) {
      // The two things a reader substitutes: their server's URL and the CI secret.
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([name, value]) => [
          name,
          value === "https://voke.example.com"
            ? server.httpUrl
            : /^\$\{\{ secrets\.VOKE_TOKEN \}\}$/.test(value)
              ? ciToken
              : value,
        ]),
      );
      const result = await bash(step.run, job, env);
      expect(result.code, `${step.run}\n${result.stderr}`).toBe(0);
      outputs.push(result.stdout);
    }

    // Every row provisioned, none failed, a package per row with mode 0600.
    const rows = readFileSync(join(job, "results.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const csvRows = (csv?.body ?? "").trim().split("\n").length - 1;
    expect(rows).toHaveLength(csvRows);
    expect(rows.filter((row) => row.status === "failed")).toEqual([]);
    expect(outputs.at(-1)).toBe(""); // the README's "failed rows" step finds none
    const packages = readdirSync(join(job, "packages"));
    expect(packages).toHaveLength(csvRows);
    for (const file of packages) expect(statSync(join(job, "packages", file)).mode & 0o777).toBe(0o600);

    // Least privilege: the CI token cannot delete, revoke or manage tokens (exit 4, 403).
    const ci = { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: ciToken };
    const id = rows[0]?.id as string;
    for (const command of [
      `voke plants delete ${id} --yes`,
      `voke plants revoke ${id} --yes`,
      "voke tokens list",
      "voke tokens create --name more --role admin --stdout",
    ]) {
      const refused = await bash(command, job, ci);
      expect(refused.code, command).toBe(4);
      expect(refused.stderr).toContain("FORBIDDEN");
    }
  }, 60_000);
});
