/**
 * `voke plants watch [PLANT_ID...]`: follows the organization's events as they happen (GET /api/v1/events),
 * one aligned line per event on a terminal, NDJSON when piped. It never stops silently: a lost connection is
 * reported on stderr and the stream resumes from the last event id by itself; only a refused token or
 * permission (exit 4) or Ctrl-C ends it.
 */
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { watchInput } from "./index.ts";
import { watchLine } from "./watch-line.ts";

export type Options = OptionsOf<typeof watchInput>;

export async function run(opts: Options, deps: CommandDeps, signal?: AbortSignal): Promise<void> {
  const client = await deps.client();
  const { io } = deps;
  const format = deps.config.output.value;
  const asLines = io.stdoutIsTTY && (format === "table" || deps.config.output.source === "default");
  let lost = false;
  const stream = client.events.stream({
    plantIds: opts.plantId,
    types: opts.type,
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
