// Run by deno-environment.test.ts with the built SDK: creates a client and lists plants through a stub
// fetch, so the only thing under test is what the client reads from its environment.
import { createVokeClient } from "../../dist/index.js";

const page = { data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } };
const client = createVokeClient({
  baseUrl: "http://127.0.0.1:8080",
  token: "voke_runtime_probe_token",
  fetch: async () => Response.json(page, { headers: { "x-request-id": "probe-1" } }),
});
const listed = await client.plants.list();
console.log(`listed ${listed.data.length} plants`);
