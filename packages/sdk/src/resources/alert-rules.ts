/** `client.alertRules`: threshold rules evaluated on every telemetry metric. */

import type { ApiCaller } from "../api-caller.ts";
import { paginate } from "../pagination.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import type {
  AlertRule,
  AlertRulePage,
  CreateAlertRuleRequest,
  ListAlertRulesQuery,
  UpdateAlertRuleRequest,
} from "../types.ts";
import { pathId } from "./path-id.ts";

export interface AlertRulesResource {
  /** One page of alert rules (optionally of one plant): `{data, meta}`. */
  list(query?: ListAlertRulesQuery, options?: RequestOptions): Promise<AlertRulePage>;
  /** Every alert rule, page after page. */
  iterate(query?: ListAlertRulesQuery, options?: RequestOptions): AsyncGenerator<AlertRule, void, undefined>;
  get(id: string, options?: RequestOptions): Promise<AlertRule>;
  create(body: CreateAlertRuleRequest, options?: RequestOptions): Promise<AlertRule>;
  update(id: string, body: UpdateAlertRuleRequest, options?: RequestOptions): Promise<AlertRule>;
  /** Resolves with nothing once the rule is gone (204). */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

export function createAlertRulesResource(api: ApiCaller, transport: Transport): AlertRulesResource {
  const byId = (id: string) => ({ path: { id: pathId("alert rule id", id) } });

  const list = async (query: ListAlertRulesQuery = {}, options?: RequestOptions) =>
    transport.data((init) => api.GET("/api/v1/alert-rules", { ...init, params: { query } }), options);

  return {
    list,
    iterate: (query = {}, options) => paginate((page) => list({ ...query, page }, options), query.page ?? 1),
    async get(id, options) {
      const params = byId(id);
      return transport.data((init) => api.GET("/api/v1/alert-rules/{id}", { ...init, params }), options);
    },
    async create(body, options) {
      return transport.data((init) => api.POST("/api/v1/alert-rules", { ...init, body }), options);
    },
    async update(id, body, options) {
      const params = byId(id);
      return transport.data(
        (init) => api.PATCH("/api/v1/alert-rules/{id}", { ...init, params, body }),
        options,
      );
    },
    async delete(id, options) {
      const params = byId(id);
      await transport.data((init) => api.DELETE("/api/v1/alert-rules/{id}", { ...init, params }), options);
    },
  };
}
