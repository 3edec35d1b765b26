/**
 * Generates docs/cli.md from the `voke` program itself (the commander tree `main.ts` builds from the
 * command registry), or with `--check` fails when the committed file no longer matches it.
 */

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";
import type { Argument, Command, Option } from "commander";
import { commandRegistry } from "../src/commands/index.ts";
import { helpTopics } from "../src/help/topics.ts";
import type { TerminalStreams } from "../src/io/streams.ts";
import { buildProgram } from "../src/main.ts";
import type { RegistryEntry } from "../src/registry/define.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Where the reference lives, and how messages name it. */
export const DEFAULT_DOCS_PATH = "docs/cli.md";
const STALE_HINT = "run pnpm docs:cli";

/** Builds the program exactly as `voke` does; its actions refuse to run, and nothing is loaded. */
function describedProgram(entries: readonly RegistryEntry[]): Command {
  const silent = new PassThrough();
  const streams: TerminalStreams = { stdout: silent, stderr: silent, stdin: silent };
  return buildProgram({
    entries,
    streams,
    run: async () => {
      throw new Error("generating the docs must not run a command");
    },
  });
}

/** Prose for Markdown: `code spans` kept, elsewhere characters Markdown would eat are escaped. */
function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[\\<>*]/g, (c) => `\\${c}`)))
    .join("");
}

/** A table cell: one line, pipes escaped (GFM wants `\|` even inside code spans). */
function cell(markdown: string): string {
  return markdown.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    names.unshift(current.name());
  return names.join(" ");
}

/** The default as `--help` prints it, or "" when help shows none. */
function defaultText(option: Option): string {
  if (option.defaultValue === undefined) return "";
  const shown = option.required || option.optional || typeof option.defaultValue === "boolean";
  return shown ? code(option.defaultValueDescription ?? JSON.stringify(option.defaultValue)) : "";
}

function choicesText(choices: readonly string[] | undefined): string {
  return (choices ?? []).map(code).join(", ");
}

function argumentTerm(argument: Argument): string {
  const name = `${argument.name()}${argument.variadic ? "..." : ""}`;
  return argument.required ? `<${name}>` : `[${name}]`;
}

function optionsTable(options: readonly Option[]): string {
  return table(
    ["Flag", "Description", "Default", "Choices"],
    options.map((option) => [
      code(option.flags),
      prose(option.description),
      defaultText(option),
      choicesText(option.argChoices),
    ]),
  );
}

/** The registry's examples for `voke <noun> [verb]`; commander keeps them only as help text. */
function examplesOf(
  entries: readonly RegistryEntry[],
  noun: string,
  verb: string | undefined,
): readonly string[] {
  const entry = entries.find((candidate) =>
    candidate.kind === "group"
      ? verb === undefined && candidate.noun === noun
      : candidate.noun === noun && candidate.verb === verb,
  );
  return entry?.examples ?? [];
}

function fenced(language: string, lines: readonly string[]): string {
  return [`\`\`\`${language}`, ...lines, "```"].join("\n");
}

/** Headings with their anchors, for the table of contents. */
class Outline {
  readonly items: { depth: number; title: string; anchor: string; summary: string }[] = [];
  readonly #used = new Map<string, number>();

  heading(level: number, title: string, summary = ""): string {
    const base = slug(title);
    const seen = this.#used.get(base) ?? 0;
    this.#used.set(base, seen + 1);
    this.items.push({ depth: level - 2, title, anchor: seen ? `${base}-${seen}` : base, summary });
    return `${"#".repeat(level)} ${title}`;
  }

  contents(): string {
    return this.items
      .map(({ depth, title, anchor, summary }) => {
        const link = `${"  ".repeat(depth)}- [${title}](#${anchor})`;
        return summary ? `${link}: ${prose(summary)}` : link;
      })
      .join("\n");
  }
}

interface RenderContext {
  entries: readonly RegistryEntry[];
  outline: Outline;
}

function commandSection(command: Command, level: number, context: RenderContext): string[] {
  const help = command.createHelp();
  const path = commandPath(command);
  const summary = command.summary() || command.description();
  const parts = [context.outline.heading(level, code(path), summary), prose(command.description())];
  if (command.aliases().length) parts.push(`Aliases: ${command.aliases().map(code).join(", ")}`);
  parts.push(fenced("text", [help.commandUsage(command)]));

  const args = command.registeredArguments;
  if (args.length) {
    const rows = args.map((arg) => [
      code(argumentTerm(arg)),
      prose(arg.description),
      choicesText(arg.argChoices),
    ]);
    parts.push("**Arguments**", table(["Argument", "Description", "Choices"], rows));
  }
  // --help is listed once among the global flags rather than under every command.
  const options = help.visibleOptions(command).filter((option) => option.long !== "--help");
  if (options.length) parts.push("**Options**", optionsTable(options));

  const verbs = help.visibleCommands(command);
  if (verbs.length) {
    const rows = verbs.map((verb) => [code(verb.name()), prose(verb.summary() || verb.description())]);
    parts.push("**Commands**", table(["Command", "Summary"], rows));
  }
  const [, noun, verb] = path.split(" ");
  const examples = noun ? examplesOf(context.entries, noun, verb) : [];
  if (examples.length) parts.push("**Examples**", fenced("sh", examples));

  for (const sub of verbs) parts.push(...commandSection(sub, level + 1, context));
  return parts;
}

function topicTitle(name: string): string {
  const words = name.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Flags that choose what data looks like; the section fails loudly if `-o` ever disappears. */
function outputSection(program: Command, outline: Outline): string[] {
  const find = (long: string) => program.options.find((option) => option.long === long);
  const output = find("--output");
  if (!output?.argChoices) throw new Error("the voke program has no --output flag with choices to document");
  const related = ["--json", "--fields"].flatMap((long) => find(long) ?? []);
  return [
    outline.heading(2, "Output formats"),
    `${code(output.flags)}: ${prose(output.description)}. Choices: ${choicesText(output.argChoices)}.`,
    related.map((option) => `- ${code(option.flags)}: ${prose(option.description)}`).join("\n"),
  ];
}

/** The whole reference as Markdown: same input, same text, on any machine and terminal. */
export function renderCliDocs(entries: readonly RegistryEntry[] = commandRegistry): string {
  const program = describedProgram(entries);
  const help = program.createHelp();
  const outline = new Outline();
  const context: RenderContext = { entries, outline };

  const body = [
    outline.heading(2, "Usage"),
    fenced("text", [help.commandUsage(program)]),
    outline.heading(2, "Global flags"),
    "These flags work with every command.",
    optionsTable(help.visibleOptions(program)),
    ...outputSection(program, outline),
    ...Object.entries(helpTopics).flatMap(([name, topic]) => [
      outline.heading(2, topicTitle(name), topic.summary),
      `${prose(topic.summary.charAt(0).toUpperCase() + topic.summary.slice(1))}, as printed by ${code(`voke help ${name}`)}:`,
      fenced("text", topic.text().trimEnd().split("\n")),
    ]),
    outline.heading(2, "Commands"),
    ...help.visibleCommands(program).flatMap((command) => commandSection(command, 3, context)),
  ];
  const document = [
    "# voke command reference",
    `<!-- Generated from the command definitions by packages/cli/scripts/generate-docs.ts. Do not edit: ${STALE_HINT}. -->`,
    prose(program.description()),
    outline.contents(),
    ...body,
  ];
  return `${stripVTControlCharacters(document.filter(Boolean).join("\n\n"))}\n`;
}

export interface DocsCommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `generate-docs.ts [--check] [--out PATH]`: writes the reference, or checks it is current.
 * Returns the exit code: 0 written or current, 1 stale or missing, 2 bad arguments.
 */
export async function runDocsCommand(
  argv: readonly string[],
  io: DocsCommandIO,
  entries: readonly RegistryEntry[] = commandRegistry,
): Promise<number> {
  let values: { check?: boolean; out?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { check: { type: "boolean" }, out: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\nusage: generate-docs.ts [--check] [--out PATH]\n`);
    return 2;
  }
  const shownPath = values.out ?? DEFAULT_DOCS_PATH;
  const path = values.out ?? join(repoRoot, DEFAULT_DOCS_PATH);
  const expected = renderCliDocs(entries);

  if (values.check) {
    const current = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (current === expected) {
      io.stdout(`${shownPath} is up to date\n`);
      return 0;
    }
    io.stderr(`${shownPath} is ${current === undefined ? "missing" : "stale"}: ${STALE_HINT}\n`);
    return 1;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, expected);
  io.stdout(`wrote ${shownPath}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runDocsCommand(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  });
}
