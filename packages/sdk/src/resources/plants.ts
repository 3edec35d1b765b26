/** `client.plants`: plant CRUD, credentials (provisioning, secret rotation, MQTT tokens), lifecycle, stats. */

import { apiPromise, type WithResponses } from "../api-promise.ts";
import { attachmentFilename } from "../content-disposition.ts";
import { paginate } from "../pagination.ts";
import type { RequestBuilder } from "../request-builder.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import type {
  CertificateStats,
  CreatePlantRequest,
  EnergySummary,
  ListPlantsQuery,
  MessageResponse,
  MqttToken,
  Plant,
  PlantDetail,
  PlantPage,
  ProvisioningDownload,
  ProvisioningPackage,
  RotatedSecret,
  TelemetryHistory,
  TelemetryQuery,
  UpdatePlantRequest,
} from "../types.ts";
import { pathId } from "./path-id.ts";

export interface PlantsResource {
  /** One page of plants: `{data, meta}`. */
  list(query?: ListPlantsQuery, options?: RequestOptions): Promise<PlantPage>;
  /** Every plant, page after page (from `query.page`, default 1): `for await (const p of plants.iterate())`. */
  iterate(query?: ListPlantsQuery, options?: RequestOptions): AsyncGenerator<Plant, void, undefined>;
  /** The detail view: alerts, plant groups and what the plant reports about itself. */
  get(id: string, options?: RequestOptions): Promise<PlantDetail>;
  create(body: CreatePlantRequest, options?: RequestOptions): Promise<Plant>;
  update(id: string, body: UpdatePlantRequest, options?: RequestOptions): Promise<Plant>;
  delete(id: string, options?: RequestOptions): Promise<MessageResponse>;
  /** Issues fresh credentials and returns the provisioning package (secrets inside). */
  provision(id: string, options?: RequestOptions): Promise<ProvisioningPackage>;
  /** The current provisioning package and the file name the server suggests for it. */
  downloadProvisioning(id: string, options?: RequestOptions): Promise<ProvisioningDownload>;
  /** A new HMAC secret; the previous one keeps working for `gracePeriodMinutes`. */
  rotateSecret(id: string, options?: RequestOptions): Promise<RotatedSecret>;
  /** A fresh MQTT JWT for a TOKEN plant. */
  issueMqttToken(id: string, options?: RequestOptions): Promise<MqttToken>;
  suspend(id: string, options?: RequestOptions): Promise<MessageResponse>;
  reactivate(id: string, options?: RequestOptions): Promise<MessageResponse>;
  /** Revokes the certificate and secret; the plant becomes DECOMMISSIONED for good. */
  revoke(id: string, options?: RequestOptions): Promise<MessageResponse>;
  /** Today's (UTC) produced, imported and exported energy. */
  energyToday(id: string, options?: RequestOptions): Promise<EnergySummary>;
  /**
   * Telemetry history: raw points one page at a time, or with `resolution` one bucket per interval
   * (avg/min/max/last per metric). `from`/`to` are ISO date-times; the last 24 hours by default.
   */
  telemetry(id: string, query?: TelemetryQuery, options?: RequestOptions): Promise<TelemetryHistory>;
  /** Certificate health over the caller's MTLS plants. */
  certificateStats(options?: RequestOptions): Promise<CertificateStats>;
}

export function createPlantsResource(
  api: RequestBuilder,
  transport: Transport,
): WithResponses<PlantsResource> {
  // Built inside the transport's promise, so a bad id rejects the call instead of throwing.
  const byId = (id: string) => ({ params: { path: { id: pathId("plant id", id) } } });

  const list = (query: ListPlantsQuery = {}, options?: RequestOptions) =>
    transport.data(() => api.GET("/api/v1/plants", { params: { query } }), options);

  return {
    list,
    iterate: (query = {}, options) => paginate((page) => list({ ...query, page }, options), query.page ?? 1),
    get: (id, options) => transport.data(() => api.GET("/api/v1/plants/{id}", byId(id)), options),
    create: (body, options) => transport.data(() => api.POST("/api/v1/plants", { body }), options),
    update: (id, body, options) =>
      transport.data(() => api.PATCH("/api/v1/plants/{id}", { ...byId(id), body }), options),
    delete: (id, options) => transport.data(() => api.DELETE("/api/v1/plants/{id}", byId(id)), options),
    provision: (id, options) =>
      transport.data(() => api.POST("/api/v1/plants/{id}/provision", byId(id)), options),
    downloadProvisioning: (id, options) =>
      apiPromise(
        transport
          .call(() => api.GET("/api/v1/plants/{id}/provision/download", byId(id)), options)
          .then(({ data, response }) => {
            const suggested = attachmentFilename(response.headers.get("content-disposition"));
            return { data: { data, filename: suggested ?? `voke-${data.plantId}.json` }, response };
          }),
      ),
    rotateSecret: (id, options) =>
      transport.data(() => api.POST("/api/v1/plants/{id}/rotate-secret", byId(id)), options),
    issueMqttToken: (id, options) =>
      transport.data(() => api.POST("/api/v1/plants/{id}/mqtt-token", byId(id)), options),
    suspend: (id, options) =>
      transport.data(() => api.POST("/api/v1/plants/{id}/suspend", byId(id)), options),
    reactivate: (id, options) =>
      transport.data(() => api.POST("/api/v1/plants/{id}/reactivate", byId(id)), options),
    revoke: (id, options) => transport.data(() => api.POST("/api/v1/plants/{id}/revoke", byId(id)), options),
    energyToday: (id, options) =>
      transport.data(() => api.GET("/api/v1/plants/{id}/energy/today", byId(id)), options),
    telemetry: (id, query = {}, options) =>
      transport.data(
        () => api.GET("/api/v1/plants/{id}/telemetry", { params: { ...byId(id).params, query } }),
        options,
      ),
    certificateStats: (options) => transport.data(() => api.GET("/api/v1/plants/certificate-stats"), options),
  };
}
