/** The openapi-fetch client for the Voke paths, as `client.raw` exposes it. */
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/schema.d.ts";

/** openapi-fetch typed by the spec: `raw.GET("/api/v1/plants/{id}", { params: { path: { id } } })`. */
export type VokeRawClient = Client<paths, "application/json">;
