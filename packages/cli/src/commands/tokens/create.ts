/**
 * `voke tokens create --name N --role R [--expires-in 90d | --expires-at TIME] (--token-file FILE | --stdout)`:
 * the secret exists only in this reply, so it is written alone (no newline) to FILE with mode 0600, or
 * printed with the token when `--stdout` asks for it.
 */

import * as z from "zod/mini";
import { writeSecretFile } from "../../config/secret-file.ts";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { checkOneDestination, checkSecretTarget } from "../provision/secret-output.ts";
import { TOKEN_COLUMNS, TOKEN_ROLES } from "./columns.ts";

const LIFETIME = /^(\d+)(d|h|m)$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** `90d`, `12h` or `30m` in milliseconds; undefined when it is none of those. */
export function parseLifetime(text: string): number | undefined {
  const match = LIFETIME.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : undefined;
}

export const flags = z
  .object({
    name: z
      .string()
      .check(
        z.minLength(1, { error: "is required" }),
        z.maxLength(100, { error: "must be at most 100 characters" }),
      ),
    role: z.enum(TOKEN_ROLES, { error: `must be one of ${TOKEN_ROLES.join(", ")}` }),
    expiresIn: z.optional(
      z.string().check(
        z.refine((text) => parseLifetime(text) !== undefined, {
          error: "must be a lifetime like 90d, 12h or 30m",
        }),
      ),
    ),
    tokenFile: z.optional(z.string().check(z.minLength(1, { error: "must name a file" }))),
    stdout: z._default(z.boolean(), false),
    force: z._default(z.boolean(), false),
    expiresAt: z.optional(
      z.string().check(
        z.refine((text) => !Number.isNaN(Date.parse(text)), {
          error: "must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z",
        }),
      ),
    ),
  })
  .check(
    z.refine((value) => !(value.expiresIn !== undefined && value.expiresAt !== undefined), {
      error: "cannot be combined with --expires-at",
      path: ["expiresIn"],
    }),
  );

export type Options = z.infer<typeof flags>;

export async function run(
  opts: Options,
  deps: CommandDeps,
  now: () => Date = () => new Date(),
): Promise<void> {
  checkOneDestination(opts.tokenFile, opts.stdout, "--token-file");
  if (opts.tokenFile === undefined && !opts.stdout) {
    throw new UsageError("pass --token-file FILE to save the new token (mode 0600), or --stdout to print it");
  }
  // Checked before creating: a token whose secret cannot be saved would be lost at once.
  const file = opts.tokenFile === undefined ? undefined : await checkSecretTarget(opts.tokenFile, opts.force);
  const lifetime = opts.expiresIn === undefined ? undefined : parseLifetime(opts.expiresIn);
  const expiresAt =
    lifetime !== undefined
      ? new Date(now().getTime() + lifetime).toISOString()
      : opts.expiresAt === undefined
        ? undefined
        : new Date(opts.expiresAt).toISOString();
  const client = await deps.client();
  const { token, ...created } = await client.tokens.create({
    name: opts.name,
    role: opts.role,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  if (file === undefined) {
    await deps.printer.item({ ...created, token }, { columns: [...TOKEN_COLUMNS, "token"] });
    deps.io.success(`Created API token ${created.id}; its secret is shown this once — store it now`);
    return;
  }
  await writeSecretFile(file, token, { force: opts.force });
  await deps.printer.item({ ...created, file }, { columns: [...TOKEN_COLUMNS, "file"] });
  deps.io.success(`Created API token ${created.id}; its secret is in ${file} (mode 0600), nowhere else`);
}
