/** The environment as the CLI sees it: passed in (never read from `process.env` below main). */

export type Env = Readonly<Record<string, string | undefined>>;

/** True for the usual spellings of "on" in an environment variable (`1`, `true`, `yes`). */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}
