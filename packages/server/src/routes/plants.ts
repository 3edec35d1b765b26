/** HTTP routes for /api/v1/plants: parse and check the request, call the plant services, shape the reply. */

import {
  AUTH_METHOD_VALUES,
  CREATE_PLANT_REQUEST_LIMITS,
  PLANT_TYPE_VALUES,
  UPDATE_PLANT_REQUEST_LIMITS,
} from "@voke/sdk";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import { readJsonBody } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { replyOnce } from "../http/idempotency.ts";
import { pageMeta, paginationQuery } from "../http/pagination.ts";
import { uuidParam } from "../http/params.ts";
import { jsonObject, oneOf, parseOrThrow, requiredText, uuidString } from "../http/validation.ts";
import type { Services } from "../services/index.ts";
import { plantDetailView, plantView } from "./views.ts";

const plantType = oneOf(PLANT_TYPE_VALUES);
const authMethod = oneOf(AUTH_METHOD_VALUES);
const metadata = jsonObject("must be an object or null").nullable();
const name = requiredText(CREATE_PLANT_REQUEST_LIMITS.name);
const serialNumber = requiredText(CREATE_PLANT_REQUEST_LIMITS.serialNumber);
const externalPlantId = z
  .string()
  .max(
    UPDATE_PLANT_REQUEST_LIMITS.externalPlantId.maxLength,
    `must be at most ${UPDATE_PLANT_REQUEST_LIMITS.externalPlantId.maxLength} characters`,
  );

const listQuery = z.object({ ...paginationQuery, authMethod: authMethod.optional() });

const createPlantBody = z.strictObject({
  name,
  serialNumber,
  type: plantType,
  authMethod: authMethod.optional(),
  metadata: metadata.optional(),
});

const updatePlantBody = z.strictObject({
  name: requiredText(UPDATE_PLANT_REQUEST_LIMITS.name).optional(),
  serialNumber: requiredText(UPDATE_PLANT_REQUEST_LIMITS.serialNumber).optional(),
  type: plantType.optional(),
  authMethod: authMethod.optional(),
  metadata: metadata.optional(),
  externalPlantId: externalPlantId.nullable().optional(),
  organizationId: uuidString().optional(),
  templateId: uuidString().nullable().optional(),
});

// Replies that carry secrets must not be kept by any cache on the way.
const NO_STORE = { "Cache-Control": "no-store" };

export function routePlants(services: Services): Hono<AppEnv> {
  const { plants, plantCredentials } = services;
  const app = new Hono<AppEnv>();

  app.get("/", requireRole("viewer"), (c) => {
    const query = parseOrThrow(listQuery, c.req.query());
    const { items, total } = plants.list(principalOf(c), query);
    const page = { data: items.map(plantView), meta: pageMeta(query.page, query.limit, total) };
    return c.json(page satisfies ApiSchemas["PlantPage"], 200);
  });

  app.post("/", requireRole("provisioner"), async (c) => {
    const input = await readJsonBody(c, createPlantBody);
    return replyOnce(c, 201, () => plantView(plants.create(principalOf(c), input)));
  });

  // Registered before "/:id" so "certificate-stats" is never taken for an id.
  app.get("/certificate-stats", requireRole("viewer"), (c) =>
    c.json(plants.certificateStats(principalOf(c)) satisfies ApiSchemas["CertificateStats"], 200),
  );

  app.get("/:id", requireRole("viewer"), (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID");
    return c.json(plantDetailView(plants.get(principalOf(c), id)), 200);
  });

  app.patch("/:id", requireRole("admin"), async (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    const input = await readJsonBody(c, updatePlantBody);
    return c.json(plantView(plants.update(principalOf(c), id, input)), 200);
  });

  app.delete("/:id", requireRole("admin"), async (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID");
    await plants.delete(principalOf(c), id);
    return c.json({ message: "Plant deleted" } satisfies ApiSchemas["MessageResponse"], 200);
  });

  app.get("/:id/energy/today", requireRole("viewer"), (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID");
    return c.json(plants.energyToday(principalOf(c), id) satisfies ApiSchemas["EnergySummary"], 200);
  });

  app.post("/:id/provision", requireRole("provisioner"), async (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    const prepared = await plantCredentials.prepareProvision(principalOf(c), id);
    const reply = replyOnce(c, 200, prepared.commit, {
      headers: NO_STORE,
      credentials: (pkg) => plantCredentials.stampCredentials(pkg.plantId),
    });
    await prepared.settle();
    return reply;
  });

  app.get("/:id/provision/download", requireRole("provisioner"), async (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    if (c.req.method === "HEAD") {
      // HEAD is safe: it says whether the download would work, and never provisions.
      const { serialNumber } = plantCredentials.checkDownload(principalOf(c), id);
      return c.body(null, 200, {
        ...NO_STORE,
        "Content-Type": "application/json",
        "Content-Disposition": `attachment; filename="${attachmentName(serialNumber)}"`,
      });
    }
    const { package: provisioningPackage, serialNumber } = await plantCredentials.download(
      principalOf(c),
      id,
    );
    return c.json(provisioningPackage satisfies ApiSchemas["ProvisioningPackage"], 200, {
      ...NO_STORE,
      "Content-Disposition": `attachment; filename="${attachmentName(serialNumber)}"`,
    });
  });

  app.post("/:id/rotate-secret", requireRole("admin"), (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    return replyOnce(c, 200, () => plantCredentials.rotateSecret(principalOf(c), id), {
      headers: NO_STORE,
      credentials: () => plantCredentials.stampCredentials(id),
    });
  });

  app.post("/:id/mqtt-token", requireRole("operator"), async (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    const { token, expiresAt } = await plantCredentials.issueMqttToken(principalOf(c), id);
    return replyOnce(c, 200, () => ({ token, expiresAt: expiresAt.toISOString() }), {
      headers: NO_STORE,
      credentials: (reply) => ({ kind: "mqtt-token", plantId: id, expiresAt: reply.expiresAt }),
    });
  });

  app.post("/:id/suspend", requireRole("operator"), (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    return replyOnce(c, 200, () => {
      plants.suspend(principalOf(c), id);
      return { message: "Plant suspended" };
    });
  });

  app.post("/:id/reactivate", requireRole("operator"), (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    return replyOnce(c, 200, () => {
      const plant = plants.reactivate(principalOf(c), id);
      return { message: `Plant reactivated (${plant.lifecycleStatus})` };
    });
  });

  app.post("/:id/revoke", requireRole("admin"), async (c) => {
    const id = uuidParam(c, "id", "BAD_REQUEST");
    let settle = async () => {};
    const reply = replyOnce(c, 200, () => {
      settle = plantCredentials.revokeNow(principalOf(c), id).settle;
      return { message: "Plant revoked: certificate on the revocation list, secrets destroyed" };
    });
    await settle();
    return reply;
  });

  return app;
}

/** `voke-<serialNumber>.json`, with characters that would break the header or a file name replaced. */
export function attachmentName(serialNumber: string): string {
  return `voke-${serialNumber.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
}
