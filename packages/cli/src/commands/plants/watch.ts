/**
 * `voke plants watch [PLANT_ID...]`: follows the organization's events as they happen (GET /api/v1/events),
 * one aligned line per event on a terminal, NDJSON when piped. It never stops silently: a lost connection is
 * reported on stderr and the stream resumes from the last event id by itself; only a refused token or
 * permission (exit 4) or Ctrl-C ends it.
 */
import type { EventType } from "@voke/sdk";
import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { watchLine } from "./watch-line.ts";

export const EVENT_TYPES = ["telemetry", "presence", "lifecycle", "command", "alert", "refusal"] as const;

export const flags = z.object({
  plantId: z._default(z.array(uuid), []),
  type: z._default(z.array(z.enum(EVENT_TYPES)), []),
  afterId: z.optional(
    z.string().check(z.regex(/^[0-9]{1,15}$/, { error: "must be an event id (a whole number)" })),
  ),
});

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps, signal?: AbortSignal): Promise<void> {
  const client = await deps.client();
  const { io } = deps;
  const format = deps.config.output.value;
  const asLines = io.stdoutIsTTY && (format === "table" || deps.config.output.source === "default");
  let lost = false;
  const stream = client.events.stream({
    plantIds: opts.plantId,
    types: opts.type as EventType[],
    ...(opts.afterId !== undefined && { lastEventId: opts.afterId }),
    ...(signal && { signal }),
    onReconnect: ({ attempt, delayMs, reason, lastEventId }) => {
      lost = true;
      const from = lastEventId === undefined ? "" : `, resuming after event ${lastEventId}`;
      io.warn(
        `connection lost (${reason}); reconnecting in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt}${from})`,
      );
    },
    onOpen: () => {
      if (lost) io.info("reconnected");
      lost = false;
    },
    onGap: (gap) => io.warn(`some events could not be replayed: ${gap.message}`),
  });
  for await (const event of stream) {
    io.stdout.write(`${asLines ? watchLine(event, io.colors, io.columns) : JSON.stringify(event)}\n`);
  }
}
