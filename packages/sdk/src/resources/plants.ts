/** `client.plants`: plant CRUD, credentials (provisioning, secret rotation, MQTT tokens), lifecycle, stats. */

import type { ApiCaller } from "../api-caller.ts";
import { attachmentFilename } from "../content-disposition.ts";
import { paginate } from "../pagination.ts";
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
  /** Certificate health over the caller's MTLS plants. */
  certificateStats(options?: RequestOptions): Promise<CertificateStats>;
}

export function createPlantsResource(api: ApiCaller, transport: Transport): PlantsResource {
  const byId = (id: string) => ({ path: { id: pathId("plant id", id) } });

  const list = async (query: ListPlantsQuery = {}, options?: RequestOptions) =>
    transport.data((init) => api.GET("/api/v1/plants", { ...init, params: { query } }), options);

  return {
    list,
    iterate: (query = {}, options) => paginate((page) => list({ ...query, page }, options), query.page ?? 1),
    async get(id, options) {
      const params = byId(id);
      return transport.data((init) => api.GET("/api/v1/plants/{id}", { ...init, params }), options);
    },
    async create(body, options) {
      return transport.data((init) => api.POST("/api/v1/plants", { ...init, body }), options);
    },
    async update(id, body, options) {
      const params = byId(id);
      return transport.data((init) => api.PATCH("/api/v1/plants/{id}", { ...init, params, body }), options);
    },
    async delete(id, options) {
      const params = byId(id);
      return transport.data((init) => api.DELETE("/api/v1/plants/{id}", { ...init, params }), options);
    },
    async provision(id, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.POST("/api/v1/plants/{id}/provision", { ...init, params }),
        options,
      );
    },
    async downloadProvisioning(id, options) {
      const params = byId(id);
      const { data, response } = await transport.call(
        (init) => api.GET("/api/v1/plants/{id}/provision/download", { ...init, params }),
        options,
      );
      const filename =
        attachmentFilename(response.headers.get("content-disposition")) ?? `voke-${data.plantId}.json`;
      return { data, filename };
    },
    async rotateSecret(id, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.POST("/api/v1/plants/{id}/rotate-secret", { ...init, params }),
        options,
      );
    },
    async issueMqttToken(id, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.POST("/api/v1/plants/{id}/mqtt-token", { ...init, params }),
        options,
      );
    },
    async suspend(id, options) {
      const params = byId(id);
      return transport.data((init) => api.POST("/api/v1/plants/{id}/suspend", { ...init, params }), options);
    },
    async reactivate(id, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.POST("/api/v1/plants/{id}/reactivate", { ...init, params }),
        options,
      );
    },
    async revoke(id, options) {
      const params = byId(id);
      return transport.data((init) => api.POST("/api/v1/plants/{id}/revoke", { ...init, params }), options);
    },
    async energyToday(id, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.GET("/api/v1/plants/{id}/energy/today", { ...init, params }),
        options,
      );
    },
    async certificateStats(options) {
      return transport.data((init) => api.GET("/api/v1/plants/certificate-stats", { ...init }), options);
    },
  };
}
