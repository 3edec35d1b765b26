/** Commands to plants: store one as QUEUED, hand it to the MQTT side for delivery, and list a plant's history. */

import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { Logger } from "../logger.ts";
import type { CommandRecord } from "../storage/commands.ts";
import type { Store } from "../storage/store.ts";
import type { Principal } from "./access.ts";
import { commandEvent } from "./command-delivery.ts";
import type { DeviceGateway } from "./device-gateway.ts";
import { assertActionAllowed } from "./plant-lifecycle.ts";
import type { PlantService } from "./plants.ts";

/** VOKE_COMMAND_TTL_S's default: a command not delivered within a day expires. */
export const DEFAULT_COMMAND_TTL_SECONDS = 86_400;

export interface CommandServiceDeps {
  /** Where lifecycle and command events go (GET /api/v1/events). */
  events?: EventPublisher;
  store: Store;
  clock: Clock;
  gateway: DeviceGateway;
  /** Tenancy: which plants the caller may see. */
  plants: PlantService;
  /** How long a command may wait in the queue before it is EXPIRED. */
  commandTtlSeconds: number;
  /** Where a failed hand-over to the gateway is reported; the command itself stays QUEUED. */
  logger?: Logger | undefined;
}

export interface SendCommandInput {
  command: string;
  payload?: Record<string, unknown> | undefined;
  target?: string | undefined;
}

export interface CommandService {
  /** One page of the plant's commands, oldest first. */
  list(
    principal: Principal,
    plantId: string,
    page: { page: number; limit: number },
  ): { items: CommandRecord[]; total: number };
  /**
   * Stores the command as QUEUED and tells the gateway, which publishes it at once when the plant is online.
   * Returns the command as stored after that (already SENT when the gateway published synchronously).
   */
  send(principal: Principal, plantId: string, input: SendCommandInput): CommandRecord;
}

export function createCommandService(deps: CommandServiceDeps): CommandService {
  const { store, clock, gateway, plants } = deps;
  return {
    list(principal, plantId, page) {
      const plant = plants.find(principal, plantId);
      return store.commands.listForPlant(plant.id, {
        offset: (page.page - 1) * page.limit,
        limit: page.limit,
      });
    },

    send(principal, plantId, input) {
      const plant = plants.find(principal, plantId);
      assertActionAllowed(plant, "sendCommand");
      const now = clock.now();
      // The device sees `cmdId`; it is the command's `id`, so the device's log, `voke commands list`
      // and the API all name a command the same way.
      const id = randomUUID();
      const command: CommandRecord = {
        id,
        plantId: plant.id,
        cmdId: id,
        command: input.command,
        payload: input.payload ?? null,
        target: input.target ?? null,
        status: "QUEUED",
        createdAt: now.toISOString(),
        sentAt: null,
        ackedAt: null,
        responseStatus: null,
        response: null,
        expiresAt: new Date(now.getTime() + deps.commandTtlSeconds * 1000).toISOString(),
      };
      store.commands.insert(command);
      deps.events?.publish({ ...commandEvent(command), organizationId: plant.organizationId });
      try {
        gateway.commandQueued(plant.id);
      } catch (error) {
        // The command is stored and durable: it goes out when the plant next connects. Failing the request
        // now would only make the client send it a second time.
        deps.logger?.error("command stored but not handed to the broker", {
          error,
          plantId: plant.id,
          commandId: command.id,
        });
      }
      return store.commands.findById(command.id) ?? command;
    },
  };
}
