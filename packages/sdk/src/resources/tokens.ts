/** `client.tokens`: the organization's API tokens — create (the secret shown once), list, revoke. Admins only. */
import type { WithResponses } from "../api-promise.ts";
import { paginate } from "../pagination.ts";
import type { RequestBuilder } from "../request-builder.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import type {
  ApiToken,
  ApiTokenPage,
  CreateApiTokenRequest,
  CreatedApiToken,
  ListApiTokensQuery,
} from "../types.ts";
import { pathId } from "./path-id.ts";

export interface TokensResource {
  /** One page of tokens: `{data, meta}`; never their secrets. */
  list(query?: ListApiTokensQuery, options?: RequestOptions): Promise<ApiTokenPage>;
  /** Every token, page after page. */
  iterate(query?: ListApiTokensQuery, options?: RequestOptions): AsyncGenerator<ApiToken, void, undefined>;
  /**
   * Mints a token; `token` in the result is the secret, returned this once only.
   *
   * @example const { token } = await voke.tokens.create({ name: "ci", role: "provisioner", expiresAt: "2027-01-01T00:00:00Z" });
   */
  create(body: CreateApiTokenRequest, options?: RequestOptions): Promise<CreatedApiToken>;
  /** Revokes a token at once (it then gets 401 TOKEN_REVOKED); resolves with the revoked token. */
  revoke(id: string, options?: RequestOptions): Promise<ApiToken>;
}

export function createTokensResource(
  api: RequestBuilder,
  transport: Transport,
): WithResponses<TokensResource> {
  const list = (query: ListApiTokensQuery = {}, options?: RequestOptions) =>
    transport.data(() => api.GET("/api/v1/tokens", { params: { query } }), options);
  return {
    list,
    iterate: (query = {}, options) => paginate((page) => list({ ...query, page }, options), query.page ?? 1),
    create: (body, options) => transport.data(() => api.POST("/api/v1/tokens", { body }), options),
    revoke: (id, options) =>
      transport.data(
        () => api.DELETE("/api/v1/tokens/{id}", { params: { path: { id: pathId("API token id", id) } } }),
        options,
      ),
  };
}
