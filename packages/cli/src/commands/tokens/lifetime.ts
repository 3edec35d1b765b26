/** Token lifetimes (`--expires-in 90d`), apart from `create.ts` so the registry can check them cheaply. */

import { InvalidValue } from "../../flags/values.ts";

const LIFETIME = /^(\d+)(d|h|m)$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** `90d`, `12h` or `30m` in milliseconds. */
export function parseLifetime(text: string): number {
  const match = LIFETIME.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : 0;
  if (ms <= 0) throw new InvalidValue("must be a lifetime like 90d, 12h or 30m");
  return ms;
}
