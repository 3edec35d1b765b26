/** Reads the file name a Content-Disposition header suggests, reduced to a name that is safe to write. */

/**
 * The `filename*` (RFC 5987, UTF-8) or `filename` parameter of a Content-Disposition header, cut to
 * its last path segment and stripped of control characters, so it can never point outside the
 * directory it is saved in. Undefined when the header has no usable name.
 *
 * @example attachmentFilename('attachment; filename="voke-SN-1.json"') // "voke-SN-1.json"
 */
export function attachmentFilename(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*utf-8'[^']*'([^;\s]+)/i.exec(header)?.[1];
  if (extended !== undefined) {
    try {
      return safeBaseName(decodeURIComponent(extended));
    } catch {
      // Malformed percent-encoding: fall back to the plain parameter.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header)?.[1];
  if (quoted !== undefined) return safeBaseName(quoted.replace(/\\(.)/g, "$1"));
  return safeBaseName(/(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header)?.[1]);
}

function safeBaseName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return base === "" || base === "." || base === ".." ? undefined : base;
}
