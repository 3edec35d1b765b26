/** HTTP routes for /api/v1/plants/{plantId}/commands: a plant's command history, and sending it a command. */

import { SEND_COMMAND_REQUEST_LIMITS } from "@voke/sdk";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import { readJsonBody } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { replyOnce } from "../http/idempotency.ts";
import { pageMeta, paginationQuery } from "../http/pagination.ts";
import { uuidParam } from "../http/params.ts";
import { jsonObject, parseOrThrow, requiredText } from "../http/validation.ts";
import type { Services } from "../services/index.ts";
import type { CommandRecord } from "../storage/commands.ts";

const listQuery = z.object(paginationQuery);

const sendCommandBody = z.strictObject({
  command: requiredText(SEND_COMMAND_REQUEST_LIMITS.command),
  payload: jsonObject("must be an object").optional(),
  target: z
    .string({ error: "must be a string" })
    .regex(new RegExp(SEND_COMMAND_REQUEST_LIMITS.target.pattern), "must be 1 to 32 of A-Z, 0-9, _ and -")
    .optional(),
});

/** A command as the API shows it (openapi.yaml Command). */
export function commandView(command: CommandRecord): ApiSchemas["Command"] {
  return {
    id: command.id,
    plantId: command.plantId,
    cmdId: command.cmdId,
    command: command.command,
    payload: command.payload,
    target: command.target,
    status: command.status,
    createdAt: command.createdAt,
    sentAt: command.sentAt,
    ackedAt: command.ackedAt,
    responseStatus: command.responseStatus,
    response: command.response,
    expiresAt: command.expiresAt,
  };
}

/** Mounted at /plants/:plantId/commands. */
export function routeCommands(services: Services): Hono<AppEnv> {
  const { commands } = services;
  const app = new Hono<AppEnv>();

  app.get("/", requireRole("viewer"), (c) => {
    const plantId = uuidParam(c, "plantId", "INVALID_UUID");
    const query = parseOrThrow(listQuery, c.req.query());
    const { items, total } = commands.list(principalOf(c), plantId, query);
    const page = { data: items.map(commandView), meta: pageMeta(query.page, query.limit, total) };
    return c.json(page satisfies ApiSchemas["CommandPage"], 200);
  });

  app.post("/", requireRole("operator"), async (c) => {
    const plantId = uuidParam(c, "plantId", "BAD_REQUEST");
    const input = await readJsonBody(c, sendCommandBody);
    return replyOnce(c, 201, () => commandView(commands.send(principalOf(c), plantId, input)));
  });

  return app;
}
