/** The Hono environment every route shares: what middleware puts on the request context. */
import type { Logger } from "../logger.ts";
import type { Principal } from "../services/access.ts";

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The request's logger, carrying its request id. */
    logger: Logger;
    /** Set by the bearer-auth middleware on every /api/v1 request. */
    principal: Principal;
  };
}
