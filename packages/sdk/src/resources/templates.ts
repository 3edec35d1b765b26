/** `client.templates`: the server's read-only system templates, so their ids can be found. */
import type { WithResponses } from "../api-promise.ts";
import type { RequestBuilder } from "../request-builder.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import type { ListTemplatesQuery, TemplateList } from "../types.ts";

export interface TemplatesResource {
  /** Every template (optionally of one level): `{data}` (not paginated). */
  list(query?: ListTemplatesQuery, options?: RequestOptions): Promise<TemplateList>;
}

export function createTemplatesResource(
  api: RequestBuilder,
  transport: Transport,
): WithResponses<TemplatesResource> {
  return {
    list: (query = {}, options) =>
      transport.data(() => api.GET("/api/v1/templates", { params: { query } }), options),
  };
}
