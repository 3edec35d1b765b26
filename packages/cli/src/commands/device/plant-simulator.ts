/**
 * The loop behind `voke device simulate`: connect (retrying with backoff), report status once, publish
 * telemetry every interval, answer commands, log every event, and stop cleanly when asked — or give
 * up when the broker refuses the plant and the caller wants that (`--exit-on-refusal`).
 */

import type {
  Backoff,
  CommandHandler,
  CommandReply,
  DeviceError,
  PlantCommand,
  PlantConnection,
} from "@voke/device";
import { type EventLog, formatFields } from "./event-log.ts";
import type { SolarPlant } from "./solar-model.ts";

/** Device error codes that mean "the broker (or the API issuing tokens) will not let this plant in". */
const REFUSALS: ReadonlySet<string> = new Set(["CONNECTION_REFUSED", "TLS", "SUBSCRIBE_REFUSED", "TOKEN"]);
/** Codes that no retry can fix: a bad package or bad options. */
const FATAL: ReadonlySet<string> = new Set(["INVALID_PACKAGE", "INVALID_INPUT"]);

export type SimulationEnd = { reason: "stopped" } | { reason: "refused"; error: DeviceError };

export interface SimulatorParams {
  /** Opens the plant's connection with this command handler (connectPlant with the package's credentials). */
  connect(onCommand: CommandHandler): Promise<PlantConnection>;
  plant: SolarPlant;
  log: EventLog;
  intervalMs: number;
  /** Answer every command with ERROR instead of OK. */
  failCommands: boolean;
  /** End (instead of retrying) when the broker refuses or cuts off the plant. */
  exitOnRefusal: boolean;
  /** Aborted on SIGINT/SIGTERM: the simulation disconnects cleanly and ends. */
  stop: AbortSignal;
  /** Pauses between failed first connection attempts (later reconnections back off inside the SDK). */
  backoff: Backoff;
  /** Milliseconds, monotonic: how much real time each telemetry step covers. */
  now(): number;
}

function describe(error: DeviceError): string {
  return `${error.code}: ${error.message}`;
}

function asDeviceError(error: unknown): DeviceError {
  if (error instanceof Error && typeof (error as DeviceError).code === "string") return error as DeviceError;
  throw error;
}

/** Resolves when `signal` aborts (at once if it already has). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** Sleeps `ms`, or less when `signal` aborts first; says whether it was aborted. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([slept, aborted(signal)]);
  clearTimeout(timer);
  return signal.aborted;
}

function commandHandler(params: SimulatorParams): CommandHandler {
  return (command: PlantCommand): CommandReply => {
    const parts = [command.command, `cmdId=${command.cmdId}`];
    if (command.target) parts.push(`target=${command.target}`);
    if (command.payload) parts.push(`payload=${JSON.stringify(command.payload)}`);
    params.log("command received", parts.join(" "));
    if (params.failCommands) {
      return { status: "ERROR", response: { message: "simulated failure (--fail-commands)" } };
    }
    return { status: "OK", response: { simulated: true, command: command.command } };
  };
}

/** The first connection, retried with backoff until it works, the stop signal, or a refusal to give up on. */
async function connectFirst(
  params: SimulatorParams,
  onCommand: CommandHandler,
): Promise<PlantConnection | SimulationEnd> {
  const { log, stop, backoff } = params;
  for (;;) {
    if (stop.aborted) return { reason: "stopped" };
    const attempt = params.connect(onCommand);
    const first = await Promise.race([
      attempt.then(
        (connection) => ({ connection }),
        (error: unknown) => ({ error: asDeviceError(error) }),
      ),
      aborted(stop).then(() => ({ stopped: true as const })),
    ]);
    if ("connection" in first) return first.connection;
    if ("stopped" in first) {
      // A connection that still comes up after the stop is closed straight away.
      void attempt.then((connection) => connection.close(0)).catch(() => {});
      return { reason: "stopped" };
    }
    const { error } = first;
    if (FATAL.has(error.code)) throw error;
    const refused = REFUSALS.has(error.code);
    log(refused ? "refused" : "connect failed", describe(error));
    if (refused && params.exitOnRefusal) return { reason: "refused", error };
    const delayMs = backoff.next();
    log("retrying", `in ${(delayMs / 1000).toFixed(1)}s (attempt ${backoff.attempt + 1})`);
    if (await pause(delayMs, stop)) return { reason: "stopped" };
  }
}

/**
 * Runs the simulated plant until `params.stop` aborts (→ `stopped`, after a clean DISCONNECT) or, with
 * `exitOnRefusal`, until the broker refuses it (→ `refused`). Throws only for a bad package or options.
 */
export async function simulatePlant(params: SimulatorParams): Promise<SimulationEnd> {
  const { log, plant } = params;
  const connected = await connectFirst(params, commandHandler(params));
  if ("reason" in connected) return connected;
  const connection = connected;
  log("connected", `plant ${connection.plantId}`);

  let closing = false;
  let refusal: ((end: SimulationEnd) => void) | undefined;
  const refused = new Promise<SimulationEnd>((resolve) => {
    refusal = resolve;
  });
  connection.on("error", (error) => {
    if (closing) return; // a reset while the DISCONNECT goes out is the end we asked for
    const isRefusal = REFUSALS.has(error.code);
    log(isRefusal ? "refused" : "connection problem", describe(error));
    if (isRefusal && params.exitOnRefusal) refusal?.({ reason: "refused", error });
  });
  connection.on("disconnect", ({ error }) => {
    if (closing) log("disconnected", "DISCONNECT sent");
    else log("disconnected", error ? describe(error) : "the broker closed the session");
  });
  connection.on("reconnecting", ({ attempt, delayMs }) =>
    log("reconnecting", `in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt})`),
  );
  connection.on("connect", ({ reconnected }) => {
    if (reconnected) log("reconnected", `plant ${connection.plantId}`);
  });
  connection.on("commandRejected", (rejection) =>
    log("command dropped", `${rejection.reason}: ${rejection.message}`),
  );
  connection.on("commandHandled", ({ command, outcome }) =>
    log("command acked", `${command.command} cmdId=${command.cmdId} status=${outcome.status}`),
  );

  const status = plant.status();
  connection.publishStatus(status).then(
    () => log("status sent", formatFields(status)),
    (error: unknown) => log("status failed", error instanceof Error ? error.message : String(error)),
  );

  let last = params.now();
  const sendTelemetry = () => {
    const now = params.now();
    const metrics = plant.step(now - last);
    last = now;
    if (!connection.connected) {
      log("telemetry skipped", "not connected");
      return;
    }
    connection.publishTelemetry(metrics).then(
      () => log("telemetry sent", formatFields(metrics)),
      (error: unknown) => log("telemetry failed", error instanceof Error ? error.message : String(error)),
    );
  };
  sendTelemetry();
  const timer = setInterval(sendTelemetry, params.intervalMs);

  const end = await Promise.race([
    refused,
    aborted(params.stop).then((): SimulationEnd => ({ reason: "stopped" })),
  ]);
  clearInterval(timer);
  closing = true;
  await connection.close();
  log("stopped", end.reason === "stopped" ? "on request" : "the broker refused the plant");
  return end;
}
