import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import * as fx from "../test-support/fixtures.ts";
import { recordAll, testClient, useMockApi } from "../test-support/mock-api.ts";

const server = useMockApi();
const TOKEN_ID = "2b8e61f4-0d3c-4a8e-9a57-8c1d2e3f4a5b";
const listed = {
  id: TOKEN_ID,
  organizationId: fx.PLANT_ID,
  name: "ci",
  role: "provisioner" as const,
  createdAt: "2026-11-01T09:00:00.000Z",
  lastUsedAt: null,
  expiresAt: "2027-02-01T00:00:00.000Z",
  revokedAt: null,
};

describe("tokens", () => {
  test("create POSTs name, role and expiry with an Idempotency-Key and returns the secret", async () => {
    const requests = recordAll(server, () =>
      HttpResponse.json({ ...listed, token: "voke_secret_shown_once" }, { status: 201 }),
    );
    const created = await testClient().client.tokens.create({
      name: "ci",
      role: "provisioner",
      expiresAt: "2027-02-01T00:00:00Z",
    });
    expect(created.token).toBe("voke_secret_shown_once");
    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe("POST /api/v1/tokens");
    expect(requests[0]?.body).toEqual({ name: "ci", role: "provisioner", expiresAt: "2027-02-01T00:00:00Z" });
    expect(requests[0]?.headers.get("idempotency-key")).toBeTruthy();
  });

  test("list and iterate walk the pages; revoke DELETEs one token", async () => {
    const requests = recordAll(server, ({ request }) =>
      request.method === "DELETE"
        ? HttpResponse.json({ ...listed, revokedAt: "2026-12-01T08:15:00.000Z" })
        : HttpResponse.json({ data: [listed], meta: { page: 1, limit: 20, total: 1, totalPages: 1 } }),
    );
    const { client } = testClient();
    expect((await client.tokens.list({ limit: 20 })).data).toEqual([listed]);
    const all = [];
    for await (const token of client.tokens.iterate()) all.push(token);
    expect(all).toEqual([listed]);
    expect((await client.tokens.revoke(TOKEN_ID)).revokedAt).toBe("2026-12-01T08:15:00.000Z");
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/v1/tokens",
      "GET /api/v1/tokens",
      `DELETE /api/v1/tokens/${TOKEN_ID}`,
    ]);
  });

  test("revoke refuses an id that would change the path before sending anything", async () => {
    const requests = recordAll(server, () => HttpResponse.json({}));
    await expect(testClient().client.tokens.revoke("..")).rejects.toBeInstanceOf(TypeError);
    expect(requests).toEqual([]);
  });
});
