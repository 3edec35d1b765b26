/**
 * One event as one terminal line for `voke plants watch`: time, type, plant and what happened, in aligned
 * columns, coloured by type, every server-provided text made inert (a metric named with an escape sequence
 * cannot drive the terminal).
 */
import type { VokeEvent } from "@voke/sdk";
import { inertCell } from "../../io/inert.ts";
import type { Styles } from "../../io/styles.ts";

const TYPE_WIDTH = 9;

type Data = Record<string, unknown>;

const text = (value: unknown) => inertCell(typeof value === "string" ? value : JSON.stringify(value ?? null));

/** What happened, in words: `powerKw=3.2 socPct=81`, `QUEUED → SENT`, `[CRITICAL] socPct is 5 …`. */
export function describeEvent(event: VokeEvent): string {
  const data = event.data as Data;
  switch (event.type) {
    case "telemetry": {
      const metrics = (data.metrics ?? {}) as Record<string, unknown>;
      return Object.entries(metrics)
        .map(([name, value]) => `${inertCell(name)}=${text(value)}`)
        .join(" ");
    }
    case "presence":
      return text(data.status);
    case "lifecycle":
      return `${text(data.from)} → ${text(data.to)}`;
    case "command": {
      const response = data.responseStatus ? ` (${text(data.responseStatus)})` : "";
      return `${text(data.command)} ${text(data.status)}${response}  cmd ${text(data.cmdId)}`;
    }
    case "alert":
      return `[${text(data.severity)}] ${text(data.message)}`;
    case "refusal":
      return `${text(data.reason)} ×${text(data.count)}`;
    default:
      return text(data);
  }
}

function colourOf(event: VokeEvent, styles: Styles): (text: string) => string {
  const data = event.data as Data;
  switch (event.type) {
    case "alert":
      return styles.red;
    case "refusal":
      return styles.yellow;
    case "presence":
      return data.status === "ONLINE" ? styles.green : styles.yellow;
    case "command":
      return data.status === "FAILED" || data.status === "TIMED_OUT" ? styles.red : styles.cyan;
    case "lifecycle":
      return styles.bold;
    default:
      return (value) => value;
  }
}

/** `12:00:01.250  telemetry  6f1c2d3e  powerKw=3.2`, cut to `columns` characters when given. */
export function watchLine(event: VokeEvent, styles: Styles, columns?: number): string {
  const time = event.at.length >= 23 ? event.at.slice(11, 23) : inertCell(event.at);
  const type = inertCell(event.type).padEnd(TYPE_WIDTH);
  const plant = inertCell(event.plantId.slice(0, 8));
  let detail = describeEvent(event);
  const prefixWidth = time.length + 2 + TYPE_WIDTH + 2 + plant.length + 2;
  if (columns !== undefined && prefixWidth + detail.length > columns) {
    detail = `${detail.slice(0, Math.max(0, columns - prefixWidth - 1))}…`;
  }
  const colour = colourOf(event, styles);
  return `${styles.dim(time)}  ${colour(type)}  ${styles.dim(plant)}  ${colour(detail)}`;
}
