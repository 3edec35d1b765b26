/**
 * Reads README.md's code blocks for the README test: every ```sh block runs, in order, unless the
 * line before it says `<!-- readme-test: skip (why) -->`; `<!-- readme-test: file NAME -->` before
 * any block writes that block to NAME at that point instead.
 */

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  text: string;
  /** What the marker before it asks: run (the default for sh), skip (with a reason), or write a file. */
  action:
    | { kind: "run" }
    | { kind: "skip"; reason: string }
    | { kind: "file"; name: string }
    | { kind: "none" };
}

const MARKER = /^<!--\s*readme-test:\s*(skip|file)\s*(.*?)\s*-->$/;

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)\s*$/.exec(lines[index] as string);
    if (!fence) continue;
    const end = lines.findIndex((line, i) => i > index && line.startsWith("```"));
    if (end === -1) throw new Error(`README.md line ${index + 1}: code block never closed`);
    const language = fence[1] ?? "";
    const marker = MARKER.exec((lines[index - 1] ?? "").trim());
    let action: ReadmeBlock["action"] = language === "sh" ? { kind: "run" } : { kind: "none" };
    if (marker?.[1] === "skip") {
      const reason = (marker[2] ?? "").replace(/^\((.*)\)$/, "$1");
      if (!reason) throw new Error(`README.md line ${index}: a skipped block must say why`);
      action = { kind: "skip", reason };
    } else if (marker?.[1] === "file") {
      action = { kind: "file", name: marker[2] as string };
    }
    blocks.push({ line: index + 1, language, text: lines.slice(index + 1, end).join("\n"), action });
    index = end;
  }
  return blocks;
}

/**
 * One bash script running the blocks in order (`set -euo pipefail`), each announced on stderr with
 * its README line, so a failure names the block it came from.
 */
export function readmeScript(blocks: readonly ReadmeBlock[]): string {
  const parts = ["set -euo pipefail"];
  for (const block of blocks) {
    if (block.action.kind === "run") {
      parts.push(`echo "readme-test: running the block at README.md line ${block.line}" >&2`, block.text);
    } else if (block.action.kind === "file") {
      parts.push(`cat > '${block.action.name}' <<'README_TEST_EOF'\n${block.text}\nREADME_TEST_EOF`);
    }
  }
  return `${parts.join("\n")}\n`;
}
