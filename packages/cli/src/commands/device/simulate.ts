/**
 * `voke device simulate --package FILE`: loads the package, settles the plant's credentials (JWT for
 * TOKEN plants), and runs the simulator until SIGINT/SIGTERM (exit 0) or a refusal with
 * --exit-on-refusal (exit 4).
 */

import {
  type ConnectPlantOptions,
  connectPlant,
  createBackoff,
  DeviceError,
  type DeviceLogger,
  loadProvisioningPackage,
  type ProvisioningPackage,
} from "@voke/device";
import { ExitCode, ExitError, UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { debugWriter } from "../../io/debug.ts";
import { readStdin } from "../../io/stdin.ts";
import { createEventLog, type EventLog, formatFields } from "./event-log.ts";
import type { simulateInput } from "./index.ts";
import { simulatePlant } from "./plant-simulator.ts";
import { createSolarPlant } from "./solar-model.ts";

export type Options = OptionsOf<typeof simulateInput>;

async function loadPackage(path: string): Promise<ProvisioningPackage> {
  try {
    return await loadProvisioningPackage(path);
  } catch (error) {
    if (error instanceof DeviceError) throw new UsageError(`invalid value for --package: ${error.message}`);
    throw error;
  }
}

/** How the plant proves itself: nothing extra for MTLS and PASSWORD, a JWT (fixed or fetched) for TOKEN. */
async function credentials(
  opts: Options,
  pkg: ProvisioningPackage,
  deps: CommandDeps,
  log: EventLog,
): Promise<Pick<ConnectPlantOptions, "token" | "getToken">> {
  const tokenFlag = opts.token !== undefined ? "--token" : opts.tokenFromApi ? "--token-from-api" : undefined;
  if (pkg.authMethod !== "TOKEN") {
    if (tokenFlag)
      throw new UsageError(`${tokenFlag} is for TOKEN plants; plant ${pkg.plantId} uses ${pkg.authMethod}`);
    return {};
  }
  if (opts.tokenFromApi) {
    const client = await deps.client(); // exit 4 now, not at the first connection, when not logged in
    return {
      getToken: async () => {
        const issued = await client.plants.issueMqttToken(pkg.plantId);
        log("token issued", `expires ${issued.expiresAt}`);
        return issued.token;
      },
    };
  }
  if (opts.token === undefined) {
    throw new UsageError(
      `plant ${pkg.plantId} uses TOKEN: pass --token-from-api (a JWT from the API with your API token) or --token - (a JWT on stdin)`,
    );
  }
  const token = opts.token === "-" ? (await readStdin(deps.io.stdin)).trim() : opts.token;
  if (token === "") throw new UsageError("invalid value for --token: no JWT on stdin");
  return { token };
}

/** SDK connection logs, shown with --debug only (they never carry secrets). */
function deviceLogger(deps: CommandDeps): DeviceLogger | undefined {
  if (!deps.config.debug.value) return undefined;
  const write = debugWriter(deps.io);
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`mqtt ${level} ${message}${fields ? ` ${formatFields(fields)}` : ""}`);
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const pkg = await loadPackage(opts.package);
  const log = createEventLog(deps.io);
  const connectOptions: ConnectPlantOptions = {
    ...(await credentials(opts, pkg, deps, log)),
    reconnect: { minMs: 1000, maxMs: 30_000 },
  };
  if (opts.mqttHost !== undefined) connectOptions.host = opts.mqttHost;
  if (opts.mqttPort !== undefined) connectOptions.port = opts.mqttPort;
  const logger = deviceLogger(deps);
  if (logger) connectOptions.logger = logger;

  const broker = `mqtts://${opts.mqttHost ?? pkg.mqtt.broker}:${opts.mqttPort ?? pkg.mqtt.port}`;
  log("starting", `plant ${pkg.plantId} (${pkg.authMethod}) broker ${broker} interval ${opts.interval}ms`);
  // What the server makes of it (telemetry stored, presence, commands, alerts) shows in the event stream.
  if (deps.io.stderrIsTTY) deps.io.info(`follow it from the server's side: voke plants watch ${pkg.plantId}`);

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log("stopping", signal);
    stop.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const end = await simulatePlant({
      connect: (onCommand) => connectPlant(pkg, { ...connectOptions, onCommand }),
      plant: createSolarPlant(),
      log,
      intervalMs: opts.interval,
      failCommands: opts.failCommands,
      exitOnRefusal: opts.exitOnRefusal,
      stop: stop.signal,
      backoff: createBackoff({ minMs: 1000, maxMs: 30_000 }),
      now: () => performance.now(),
    });
    if (end.reason === "refused") {
      throw new ExitError(ExitCode.auth, `the broker refused plant ${pkg.plantId}: ${end.error.message}`, {
        code: "MQTT_REFUSED",
      });
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
