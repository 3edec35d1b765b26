/** Shell quoting for generated completion scripts: values go inside single quotes. */

/** `it's` → `'it'\''s'` (POSIX shells and zsh). */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Fish single quotes escape `\` and `'` with a backslash. */
export function fishQuoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
