/** Packs @voke/cli like a release, installs the tarball into a fresh prefix, and runs `voke`. */

import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildCli } from "../scripts/build.ts";

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
// The machine's npm, as a user installing the release would run it.
const npm = "npm";

describe("npm pack", () => {
  it("gives a tarball with no runtime dependencies that installs globally and runs", async () => {
    // Staged in a temporary copy, so the package's own dist/ (which other tests run) is never rebuilt under them.
    const work = mkdtempSync(join(tmpdir(), "voke-pack-"));
    const stage = join(work, "stage");
    mkdirSync(stage);
    copyFileSync(join(packageDir, "package.json"), join(stage, "package.json"));
    await buildCli({ outdir: join(stage, "dist") });
    const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", work], {
      cwd: stage,
      encoding: "utf8",
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    if (!packed) throw new Error(`npm pack printed no result: ${stdout}`);
    const files = packed.files.map((file) => file.path);
    expect(files).toContain("dist/voke.js");
    expect(
      files.every(
        (file) => file.startsWith("dist/") || file === "package.json" || /^(README|LICENSE)/i.test(file),
      ),
    ).toBe(true);

    const prefix = join(work, "prefix");
    await run(
      npm,
      [
        "install",
        "--global",
        "--prefix",
        prefix,
        "--offline",
        "--no-audit",
        "--no-fund",
        join(work, packed.filename),
      ],
      { encoding: "utf8", env: { ...process.env, npm_config_cache: join(work, "npm-cache") } },
    );
    const installed = JSON.parse(
      readFileSync(join(prefix, "lib/node_modules/@voke/cli/package.json"), "utf8"),
    );
    expect(installed.dependencies ?? {}).toEqual({});

    const voke = join(prefix, "bin", "voke");
    // The installed voke keeps its code cache under XDG_CACHE_HOME: here, not in the user's home.
    const env = {
      ...process.env,
      XDG_CACHE_HOME: join(work, "cache"),
      XDG_CONFIG_HOME: join(work, "config"),
    };
    const version = await run(voke, ["--version"], { encoding: "utf8", env });
    expect(version.stdout).toBe("0.1.0\n");
    const help = await run(voke, ["help", "exit-codes"], { encoding: "utf8", env });
    expect(help.stdout).toContain("8  partial failure");
  });
});
