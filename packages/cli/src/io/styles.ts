/** Text styles for terminal output; chalk is loaded only when a stream actually gets colour. */

import type { ColorLevel } from "./colors.ts";

/** The styles voke uses. Each returns its text unchanged when colour is off. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const same = (text: string) => text;

/** Styles that add nothing (pipes, NO_COLOR). */
export const plainStyles: Styles = {
  bold: same,
  dim: same,
  green: same,
  yellow: same,
  red: same,
  cyan: same,
};

/** chalk at the given level, or the plain styles (without loading chalk) at level 0. */
export async function loadStyles(level: ColorLevel): Promise<Styles> {
  if (level === 0) return plainStyles;
  const { Chalk } = await import("chalk");
  return new Chalk({ level });
}
