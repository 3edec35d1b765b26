/** docs/cli.md generation: complete, deterministic, never loads a command, and `--check` catches drift. */

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderCliDocs, runDocsCommand } from "../scripts/generate-docs.ts";
import { commandRegistry } from "../src/commands/index.ts";
import { flag, optionSyntax, withDefault } from "../src/flags/declare.ts";
import { helpTopics } from "../src/help/topics.ts";
import { defineCommand, defineGroup, type RegistryEntry } from "../src/registry/define.ts";

const script = fileURLToPath(new URL("../scripts/generate-docs.ts", import.meta.url));
/** What users see: hidden commands (`voke __complete`, for completion scripts) are not documented. */
const documented = commandRegistry.filter((entry) => !(entry.kind === "command" && entry.hidden));

/** `voke plants list` for a verb, `voke login` for a top-level command or `voke plants` for a noun. */
function pathOf(entry: RegistryEntry): string {
  return entry.kind === "command" && entry.verb !== undefined
    ? `voke ${entry.noun} ${entry.verb}`
    : `voke ${entry.noun}`;
}

/** The text under a command's heading, up to the next command heading. */
function sectionOf(docs: string, path: string): string {
  const start = docs.search(new RegExp(`^#{3,4} \`${path}\`$`, "m"));
  expect(start, `no heading for ${path}`).toBeGreaterThan(-1);
  const rest = docs.slice(start + 1);
  const end = rest.search(/\n#{2,4} /);
  return end === -1 ? rest : rest.slice(0, end);
}

function headings(docs: string): string[] {
  return [...docs.matchAll(/^#{3,4} `(voke [^`]+)`$/gm)].map((match) => match[1] as string);
}

/** The registry with every `load` replaced by a spy that fails the test if it runs. */
function spiedRegistry() {
  const loads: ReturnType<typeof vi.fn>[] = [];
  const entries = commandRegistry.map((entry) => {
    if (entry.kind !== "command") return entry;
    const load = vi.fn(() => Promise.reject(new Error(`${pathOf(entry)} was loaded`)));
    loads.push(load);
    return { ...entry, load };
  });
  return { entries, loads };
}

const widgetEntries: RegistryEntry[] = [
  defineGroup({ noun: "widgets", summary: "manage widgets", examples: ["voke widgets paint w1"] }),
  defineCommand({
    noun: "widgets",
    verb: "paint",
    aliases: ["p"],
    summary: "paint a widget",
    description: "Paint a widget \u001b[31mred\u001b[39m or keep ./w-<id>.json as `a|b` says.",
    args: [
      { name: "widget-id", description: "the widget's id" },
      { name: "layer", description: "which layer", required: false, choices: ["top", "base"] },
    ],
    flags: {
      shape: withDefault(flag.choice("shape", ["round", "square"], "shape | outline"), "round"),
      dryRun: flag.switch("only say what would change"),
      secretMode: { ...flag.switch("internal"), hidden: true },
    },
    examples: ["# paint it", "voke widgets paint w1 --shape square"],
    load: () => Promise.reject(new Error("loaded")),
  }),
];

describe("renderCliDocs", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("gives the same text every time, whatever the terminal and colour settings", () => {
    const first = renderCliDocs();
    vi.stubEnv("COLUMNS", "40");
    vi.stubEnv("FORCE_COLOR", "3");
    expect(renderCliDocs()).toBe(first);
    expect(first).not.toContain(process.cwd());
    expect(first).not.toContain(homedir());
    expect(first).not.toContain("\u001b[");
  });

  it("has a section for exactly the registered commands, plus help", () => {
    const registered = new Set(documented.map(pathOf));
    expect(new Set(headings(renderCliDocs()))).toEqual(new Set([...registered, "voke help"]));
  });

  it("documents every visible flag, argument and example of every registered command", () => {
    const docs = renderCliDocs();
    for (const entry of documented) {
      const section = sectionOf(docs, pathOf(entry));
      expect(docs).toContain(`](#${pathOf(entry).replace(/ /g, "-")})`); // listed in the contents
      for (const example of entry.examples ?? []) expect(section).toContain(`\n${example}\n`);
      if (entry.kind !== "command") continue;
      expect(section).toContain(`\n\`\`\`text\nvoke ${entry.verb === undefined ? "" : `${entry.noun} `}`);
      for (const [key, spec] of Object.entries(entry.flags ?? {})) {
        if (spec.hidden) expect(section).not.toContain(optionSyntax(key, spec));
        else expect(section).toContain(`| \`${optionSyntax(key, spec)}\` |`);
      }
      for (const arg of entry.args ?? [])
        expect(section).toContain(`${arg.name}${arg.variadic ? "..." : ""}`);
    }
  });

  it("never loads a command's module", () => {
    const { entries, loads } = spiedRegistry();
    renderCliDocs(entries);
    expect(loads.length).toBe(commandRegistry.filter((entry) => entry.kind === "command").length);
    for (const load of loads) expect(load).not.toHaveBeenCalled();
  });

  it("renders usage, arguments, options (default, choices, hidden left out), aliases and examples", () => {
    const section = sectionOf(renderCliDocs(widgetEntries), "voke widgets paint");
    expect(section).toContain(
      "Paint a widget red or keep ./w-\\<id\\>.json as `a|b` says.", // colour stripped, prose escaped
    );
    expect(section).toContain("Aliases: `p`");
    expect(section).toContain("```text\nvoke widgets paint|p [options] <widget-id> [layer]\n```");
    expect(section).toContain("| `<widget-id>` | the widget's id |  |");
    expect(section).toContain("| `[layer]` | which layer | `top`, `base` |");
    expect(section).toContain("| `--shape <shape>` | shape \\| outline | `round` | `round`, `square` |");
    expect(section).toContain("| `--dry-run` | only say what would change |  |  |");
    expect(section).not.toContain("--secret-mode");
    expect(section).not.toContain("| `-h, --help` |");
    expect(section).toContain("```sh\n# paint it\nvoke widgets paint w1 --shape square\n```");
    expect(sectionOf(renderCliDocs(widgetEntries), "voke widgets")).toContain("| `paint` | paint a widget |");
  });

  it("includes global flags, output formats and every help topic's text", () => {
    const docs = renderCliDocs(widgetEntries);
    expect(docs).toContain("| `-o, --output <format>` |");
    expect(docs).toContain("| `--no-color` | never colour output |  |  |");
    expect(docs).toMatch(/^`-o, --output <format>`: .*Choices: `table`, `json`, `ndjson`, `csv`\.$/m);
    for (const topic of Object.values(helpTopics)) {
      for (const line of topic.text().split("\n")) expect(docs).toContain(line);
    }
  });
});

describe("runDocsCommand", () => {
  function memoryIO() {
    const out = { stdout: "", stderr: "" };
    const io = {
      stdout: (text: string) => {
        out.stdout += text;
      },
      stderr: (text: string) => {
        out.stderr += text;
      },
    };
    return { out, io };
  }

  it("writes the reference, accepts it as current, and reports an edited or missing copy as stale", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "voke-docs-")), "nested", "cli.md");
    const { entries, loads } = spiedRegistry();
    const { io, out } = memoryIO();

    expect(await runDocsCommand(["--check", "--out", path], io, entries)).toBe(1);
    expect(out.stderr).toBe(`${path} is missing: run pnpm docs:cli\n`);

    expect(await runDocsCommand(["--out", path], io, entries)).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(renderCliDocs());
    expect(await runDocsCommand(["--check", "--out", path], io, entries)).toBe(0);

    writeFileSync(path, readFileSync(path, "utf8").replace("list plants", "list some plants"));
    out.stderr = "";
    expect(await runDocsCommand(["--check", "--out", path], io, entries)).toBe(1);
    expect(out.stderr).toBe(`${path} is stale: run pnpm docs:cli\n`);
    for (const load of loads) expect(load).not.toHaveBeenCalled();
  });

  it("rejects unknown flags with exit 2", async () => {
    const { io, out } = memoryIO();
    expect(await runDocsCommand(["--chek"], io)).toBe(2);
    expect(out.stderr).toContain("--chek");
    expect(out.stderr).toContain("usage: generate-docs.ts [--check] [--out PATH]");
  });
});

describe("node scripts/generate-docs.ts", () => {
  const run = promisify(execFile);
  async function generateDocs(args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, [script, ...args], { encoding: "utf8" });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it("exits 0 on a fresh copy and 1 with the hint on a modified one", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "voke-docs-")), "cli.md");
    expect(await generateDocs(["--out", path])).toMatchObject({ code: 0, stdout: `wrote ${path}\n` });
    expect(await generateDocs(["--check", "--out", path])).toMatchObject({ code: 0 });

    writeFileSync(path, `${readFileSync(path, "utf8")}\nhand-written note\n`);
    expect(await generateDocs(["--check", "--out", path])).toMatchObject({
      code: 1,
      stderr: `${path} is stale: run pnpm docs:cli\n`,
    });
  });
});
