/**
 * Test double for `client.plants`: an in-memory plant store that answers like the API (409 for a
 * taken serial number, 404 for an unknown id, Idempotency-Key replays) and records every call, so
 * command tests can check the SDK calls their flags turn into. Used by tests only.
 */

import {
  apiErrorFor,
  type CreatePlantRequest,
  type Plant,
  type PlantDetail,
  type PlantsResource,
  type ProvisioningPackage,
  type RequestOptions,
} from "@voke/sdk";

export interface FakeCall {
  method: keyof PlantsResource;
  args: unknown[];
}

export interface FakePlants {
  /** What `deps.client()` should return: `{ plants }`. */
  client: { plants: PlantsResource };
  calls: FakeCall[];
  /** The stored plants by id. */
  store: Map<string, Plant>;
  /** Calls of one method. */
  callsOf(method: keyof PlantsResource): unknown[][];
  /** Adds a plant as if created earlier. */
  seed(fields: Partial<Plant> & { serialNumber: string }): Plant;
}

export interface FakeOptions {
  /** Throws this instead of answering (checked before every call). */
  failWith?: (method: keyof PlantsResource, args: unknown[]) => Error | undefined;
  /** Clock for createdAt (default: the real one). */
  now?: () => Date;
}

let sequence = 0;
function nextId(): string {
  sequence++;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, "0")}`;
}

export function notFound(): Error {
  return apiErrorFor({
    status: 404,
    code: "PLANT_NOT_FOUND",
    message: "Plant not found",
    requestId: "req-404",
  });
}

function conflict(): Error {
  return apiErrorFor({
    status: 409,
    code: "PLANT_ALREADY_EXISTS",
    message: "Plant with this serial number already exists",
  });
}

/** A package like the server's; `hmacSecret` tells issuances apart (default `hmac-<plantId>`). */
export function samplePackage(
  plantId: string,
  authMethod: Plant["authMethod"] = "MTLS",
  hmacSecret = `hmac-${plantId}`,
): ProvisioningPackage {
  return {
    plantId,
    authMethod,
    mqtt: {
      broker: "localhost",
      port: 8883,
      clientId: plantId,
      username: null,
      topics: {
        telemetry: `voke/v1/${plantId}/telemetry`,
        status: `voke/v1/${plantId}/status`,
        ack: `voke/v1/${plantId}/ack`,
        commands: `voke/v1/${plantId}/commands`,
      },
    },
    security: {
      caCert: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
      clientCert: "-----BEGIN CERTIFICATE-----\nPLANT\n-----END CERTIFICATE-----\n",
      clientKey: "-----BEGIN PRIVATE KEY-----\nSECRET-KEY\n-----END PRIVATE KEY-----\n",
      hmacSecret,
    },
    protocol: {},
  };
}

export function fakePlants(options: FakeOptions = {}): FakePlants {
  const now = options.now ?? (() => new Date());
  const store = new Map<string, Plant>();
  const calls: FakeCall[] = [];
  const replies = new Map<string, unknown>();
  let issued = 0;

  const plantFrom = (fields: Partial<Plant> & { serialNumber: string }): Plant => {
    const at = now().toISOString();
    return {
      id: nextId(),
      organizationId: "11111111-1111-4111-8111-111111111111",
      name: fields.serialNumber,
      type: "SENSOR",
      authMethod: "MTLS",
      lifecycleStatus: "PENDING",
      status: "OFFLINE",
      metadata: null,
      templateId: null,
      template: null,
      activatedAt: null,
      lastSeenAt: null,
      authFailureCount: 0,
      lastAuthFailureAt: null,
      messageRefusalCount: 0,
      lastMessageRefusalAt: null,
      certificateFingerprint: null,
      certificateSerialNumber: null,
      certificateExpiresAt: null,
      secretRotatedAt: null,
      createdAt: at,
      updatedAt: at,
      ...fields,
    } as Plant;
  };
  const find = (id: string): Plant => {
    const plant = store.get(id);
    if (!plant) throw notFound();
    return plant;
  };
  /** Runs `act` once per Idempotency-Key, replaying its first answer (or error) like the server. */
  const once = async <T>(
    method: string,
    requestOptions: RequestOptions | undefined,
    act: () => T,
  ): Promise<T> => {
    const key = requestOptions?.idempotencyKey;
    if (key === undefined) return act();
    const slot = `${method}:${key}`;
    if (!replies.has(slot)) {
      try {
        replies.set(slot, { value: act() });
      } catch (error) {
        replies.set(slot, { error });
      }
    }
    const reply = replies.get(slot) as { value?: T; error?: unknown };
    if ("error" in reply) throw reply.error;
    return structuredClone(reply.value as T);
  };

  const record = (method: keyof PlantsResource, given: unknown[]) => {
    // Recorded without trailing undefined arguments: `get(id)` reads as ["id"].
    const args = [...given];
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    calls.push({ method, args });
    const failure = options.failWith?.(method, args);
    if (failure) throw failure;
  };

  const plants: PlantsResource = {
    async list(query = {}, requestOptions) {
      record("list", [query, requestOptions]);
      const limit = query.limit ?? 20;
      const page = query.page ?? 1;
      const all = [...store.values()].filter((p) => !query.authMethod || p.authMethod === query.authMethod);
      return {
        data: all.slice((page - 1) * limit, page * limit),
        meta: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) },
      };
    },
    async *iterate(query = {}, requestOptions) {
      record("iterate", [query, requestOptions]);
      for (let page = 1; ; page++) {
        const { data, meta } = await plants.list({ ...query, page }, requestOptions);
        yield* data;
        if (page >= meta.totalPages) return;
      }
    },
    async get(id, requestOptions) {
      record("get", [id, requestOptions]);
      return {
        ...find(id),
        alerts: [],
        plantGroups: [],
        refusals: { authentication: {}, messages: {} },
      } as unknown as PlantDetail;
    },
    async create(body: CreatePlantRequest, requestOptions) {
      record("create", [body, requestOptions]);
      return once("create", requestOptions, () => {
        if ([...store.values()].some((p) => p.serialNumber === body.serialNumber)) throw conflict();
        const plant = plantFrom({ ...body, metadata: body.metadata ?? null });
        store.set(plant.id, plant);
        return plant;
      });
    },
    async update(id, body, requestOptions) {
      record("update", [id, body, requestOptions]);
      const plant = { ...find(id), ...body } as Plant;
      store.set(id, plant);
      return plant;
    },
    async delete(id, requestOptions) {
      record("delete", [id, requestOptions]);
      find(id);
      store.delete(id);
      return { message: "Plant deleted" };
    },
    async provision(id, requestOptions) {
      record("provision", [id, requestOptions]);
      return once("provision", requestOptions, () => {
        const plant = find(id);
        store.set(id, { ...plant, lifecycleStatus: "PROVISIONED" });
        issued++;
        return samplePackage(id, plant.authMethod, `hmac-${id}-issue-${issued}`);
      });
    },
    async downloadProvisioning(id, requestOptions) {
      record("downloadProvisioning", [id, requestOptions]);
      const plant = find(id);
      return { data: samplePackage(id, plant.authMethod), filename: `voke-${plant.serialNumber}.json` };
    },
    async rotateSecret(id, requestOptions) {
      record("rotateSecret", [id, requestOptions]);
      find(id);
      return { hmacSecret: "a".repeat(64), gracePeriodMinutes: 60 };
    },
    async issueMqttToken(id, requestOptions) {
      record("issueMqttToken", [id, requestOptions]);
      find(id);
      return { token: "eyJhbGciOiJFUzI1NiJ9.e30.sig", expiresAt: "2030-01-01T00:15:00.000Z" };
    },
    async suspend(id, requestOptions) {
      record("suspend", [id, requestOptions]);
      find(id);
      return { message: "Plant suspended" };
    },
    async reactivate(id, requestOptions) {
      record("reactivate", [id, requestOptions]);
      find(id);
      return { message: "Plant reactivated (PROVISIONED)" };
    },
    async revoke(id, requestOptions) {
      record("revoke", [id, requestOptions]);
      find(id);
      return { message: "Plant revoked" };
    },
    async energyToday(id, requestOptions) {
      record("energyToday", [id, requestOptions]);
      find(id);
      return { date: "2030-01-01", produced: 12.5, imported: 3, exported: 4.5, selfConsumptionPct: 64 };
    },
    async telemetry(id, query = {}, requestOptions) {
      record("telemetry", [id, query, requestOptions]);
      find(id);
      const from = query.from ?? "2030-01-01T00:00:00.000Z";
      const to = query.to ?? "2030-01-01T01:00:00.000Z";
      return {
        plantId: id,
        from,
        to,
        resolution: null,
        points: [],
        meta: { page: 1, limit: 100, total: 0, totalPages: 0 },
      };
    },
    async certificateStats(requestOptions) {
      record("certificateStats", [requestOptions]);
      return { active: 0, expired: 0, expiringSoon: 0, revoked: 0, atRiskPlants: [], nextRenewalAt: null };
    },
  };

  return {
    client: { plants },
    calls,
    store,
    callsOf: (method) => calls.filter((call) => call.method === method).map((call) => call.args),
    seed(fields) {
      const plant = plantFrom(fields);
      store.set(plant.id, plant);
      return plant;
    },
  };
}
