/** `client.commands`: a plant's command history and sending it new commands. */

import type { WithResponses } from "../api-promise.ts";
import { paginate } from "../pagination.ts";
import type { RequestBuilder } from "../request-builder.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import type { Command, CommandPage, ListCommandsQuery, SendCommandRequest } from "../types.ts";
import { pathId } from "./path-id.ts";

export interface CommandsResource {
  /** One page of a plant's commands, oldest first: `{data, meta}`. */
  list(plantId: string, query?: ListCommandsQuery, options?: RequestOptions): Promise<CommandPage>;
  /** Every command of a plant, page after page. */
  iterate(
    plantId: string,
    query?: ListCommandsQuery,
    options?: RequestOptions,
  ): AsyncGenerator<Command, void, undefined>;
  /** Queues a command (published at once when the plant is online): `send(plantId, {command: "reboot"})`. */
  send(plantId: string, body: SendCommandRequest, options?: RequestOptions): Promise<Command>;
}

export function createCommandsResource(
  api: RequestBuilder,
  transport: Transport,
): WithResponses<CommandsResource> {
  // Built inside the transport's promise, so a bad id rejects the call instead of throwing.
  const plant = (plantId: string) => ({ plantId: pathId("plant id", plantId) });

  const list = (plantId: string, query: ListCommandsQuery = {}, options?: RequestOptions) =>
    transport.data(
      () => api.GET("/api/v1/plants/{plantId}/commands", { params: { path: plant(plantId), query } }),
      options,
    );

  return {
    list,
    iterate: (plantId, query = {}, options) =>
      paginate((page) => list(plantId, { ...query, page }, options), query.page ?? 1),
    send: (plantId, body, options) =>
      transport.data(
        () => api.POST("/api/v1/plants/{plantId}/commands", { params: { path: plant(plantId) }, body }),
        options,
      ),
  };
}
