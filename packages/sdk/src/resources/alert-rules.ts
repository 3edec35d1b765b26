/** `client.alertRules`: threshold rules evaluated on every telemetry metric. */

import { apiPromise, type WithResponses } from "../api-promise.ts";
import { paginate } from "../pagination.ts";
import type { RequestBuilder } from "../request-builder.ts";
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

export function createAlertRulesResource(
  api: RequestBuilder,
  transport: Transport,
): WithResponses<AlertRulesResource> {
  // Built inside the transport's promise, so a bad id rejects the call instead of throwing.
  const byId = (id: string) => ({ params: { path: { id: pathId("alert rule id", id) } } });

  const list = (query: ListAlertRulesQuery = {}, options?: RequestOptions) =>
    transport.data(() => api.GET("/api/v1/alert-rules", { params: { query } }), options);

  return {
    list,
    iterate: (query = {}, options) => paginate((page) => list({ ...query, page }, options), query.page ?? 1),
    get: (id, options) => transport.data(() => api.GET("/api/v1/alert-rules/{id}", byId(id)), options),
    create: (body, options) => transport.data(() => api.POST("/api/v1/alert-rules", { body }), options),
    update: (id, body, options) =>
      transport.data(() => api.PATCH("/api/v1/alert-rules/{id}", { ...byId(id), body }), options),
    delete: (id, options) =>
      apiPromise(
        transport
          .call(() => api.DELETE("/api/v1/alert-rules/{id}", byId(id)), options)
          .then(({ response }) => ({ data: undefined, response })),
      ),
  };
}
