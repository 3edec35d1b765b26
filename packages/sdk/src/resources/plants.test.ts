import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import * as fx from "../test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "../test-support/mock-api.ts";
import { SDK_VERSION } from "../version.ts";

const server = useMockApi();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BASE = `/api/v1/plants/${fx.PLANT_ID}`;

describe("plants", () => {
  test("list sends page, limit and authMethod as the query and returns the page", async () => {
    const reply = fx.page([fx.plant()], 2, 3, 50);
    const requests = recordAll(server, () => HttpResponse.json(reply));
    const { client } = testClient();

    const result = await client.plants.list({ page: 2, limit: 50, authMethod: "TOKEN" });

    expect(result).toEqual(reply);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe("GET");
    expect(req?.path).toBe("/api/v1/plants");
    expect(req?.query).toEqual({ page: "2", limit: "50", authMethod: "TOKEN" });
    expect(req?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers.get("user-agent")).toBe(`voke-sdk/${SDK_VERSION} (node/${process.versions.node})`);
    expect(req?.headers.get("idempotency-key")).toBeNull();
    expect(req?.headers.get("content-type")).toBeNull();
  });

  test("list without a query sends no query string", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.page([])));
    await testClient().client.plants.list();
    expect(requests[0]?.query).toEqual({});
  });

  test("get fetches the detail view", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.plantDetail));
    const result = await testClient().client.plants.get(fx.PLANT_ID);
    expect(result).toEqual(fx.plantDetail);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BASE}`]);
  });

  test("create POSTs the JSON body with Content-Type and a UUID Idempotency-Key", async () => {
    const created = fx.plant({ authMethod: "TOKEN" });
    const requests = recordAll(server, () => HttpResponse.json(created, { status: 201 }));
    const body = { name: "Roof array", serialNumber: "SN-1", type: "GATEWAY", authMethod: "TOKEN" } as const;

    const result = await testClient().client.plants.create(body);

    expect(result).toEqual(created);
    const [req] = requests;
    expect(`${req?.method} ${req?.path}`).toBe("POST /api/v1/plants");
    expect(req?.body).toEqual(body);
    expect(req?.headers.get("content-type")).toBe("application/json");
    expect(req?.headers.get("idempotency-key")).toMatch(UUID);
    expect(req?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  test("each POST call gets its own Idempotency-Key; a caller's key and headers are sent as given", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.plant(), { status: 201 }));
    const { client } = testClient();
    const body = { name: "a", serialNumber: "SN-2", type: "SENSOR" } as const;

    await client.plants.create(body);
    await client.plants.create(body);
    await client.plants.create(body, { idempotencyKey: "row-17", headers: { "X-Request-Id": "ci-run-9" } });

    const keys = requests.map((r) => r.headers.get("idempotency-key"));
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe("row-17");
    expect(requests[2]?.headers.get("x-request-id")).toBe("ci-run-9");
  });

  test("update PATCHes the changed fields", async () => {
    const updated = fx.plant({ name: "Renamed", templateId: fx.TEMPLATE_ID });
    const requests = recordAll(server, () => HttpResponse.json(updated));

    const result = await testClient().client.plants.update(fx.PLANT_ID, {
      name: "Renamed",
      externalPlantId: null,
    });

    expect(result).toEqual(updated);
    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe(`PATCH ${BASE}`);
    expect(requests[0]?.body).toEqual({ name: "Renamed", externalPlantId: null });
    expect(requests[0]?.headers.get("content-type")).toBe("application/json");
    expect(requests[0]?.headers.get("idempotency-key")).toBeNull();
  });

  test("delete sends DELETE and returns the message", async () => {
    const requests = recordAll(server, () => HttpResponse.json({ message: "Plant deleted" }));
    expect(await testClient().client.plants.delete(fx.PLANT_ID)).toEqual({ message: "Plant deleted" });
    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe(`DELETE ${BASE}`);
  });

  test.each([
    ["provision", "/provision", fx.provisioningPackage],
    ["rotateSecret", "/rotate-secret", fx.rotatedSecret],
    ["issueMqttToken", "/mqtt-token", fx.mqttToken],
    ["suspend", "/suspend", { message: "Plant suspended" }],
    ["reactivate", "/reactivate", { message: "Plant reactivated" }],
    ["revoke", "/revoke", { message: "Plant revoked" }],
  ] as const)("%s POSTs %s without a body, with an Idempotency-Key", async (method, suffix, reply) => {
    const requests = recordAll(server, () => HttpResponse.json(reply));
    const result = await testClient().client.plants[method](fx.PLANT_ID);
    expect(result).toEqual(reply);
    const [req] = requests;
    expect(`${req?.method} ${req?.path}`).toBe(`POST ${BASE}${suffix}`);
    expect(req?.body).toBeUndefined();
    expect(req?.headers.get("content-type")).toBeNull();
    expect(req?.headers.get("idempotency-key")).toMatch(UUID);
  });

  test("energyToday and certificateStats GET their figures", async () => {
    const requests = recordAll(server, ({ request }) =>
      HttpResponse.json(request.url.endsWith("/energy/today") ? fx.energy : fx.certificateStats),
    );
    const { client } = testClient();
    expect(await client.plants.energyToday(fx.PLANT_ID)).toEqual(fx.energy);
    expect(await client.plants.certificateStats()).toEqual(fx.certificateStats);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${BASE}/energy/today`,
      "GET /api/v1/plants/certificate-stats",
    ]);
  });

  test("downloadProvisioning returns the package and the file name from Content-Disposition", async () => {
    const requests = recordAll(server, () =>
      HttpResponse.json(fx.provisioningPackage, {
        headers: { "Content-Disposition": 'attachment; filename="voke-SN-1.json"' },
      }),
    );
    const result = await testClient().client.plants.downloadProvisioning(fx.PLANT_ID);
    expect(result).toEqual({ data: fx.provisioningPackage, filename: "voke-SN-1.json" });
    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe(`GET ${BASE}/provision/download`);
  });

  test("downloadProvisioning never returns a path and falls back to voke-<plantId>.json", async () => {
    const { client } = testClient();
    recordAll(server, () =>
      HttpResponse.json(fx.provisioningPackage, {
        headers: { "Content-Disposition": 'attachment; filename="../../etc/voke-SN-1.json"' },
      }),
    );
    expect((await client.plants.downloadProvisioning(fx.PLANT_ID)).filename).toBe("voke-SN-1.json");
    server.resetHandlers();
    recordAll(server, () => HttpResponse.json(fx.provisioningPackage));
    expect((await client.plants.downloadProvisioning(fx.PLANT_ID)).filename).toBe(`voke-${fx.PLANT_ID}.json`);
  });

  test("ids are URL-encoded, and an empty or dot id is refused before any request", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.plantDetail));
    const { client } = testClient();
    await client.plants.get("a/b?c");
    expect(requests[0]?.path).toBe("/api/v1/plants/a%2Fb%3Fc");
    for (const bad of ["", " ", ".", ".."]) {
      await expect(client.plants.get(bad)).rejects.toThrow(/plant id must be a non-empty id string/);
    }
    expect(requests).toHaveLength(1);
  });

  test("a body JSON cannot hold rejects the call, and nothing is sent", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.plant(), { status: 201 }));
    const { client } = testClient();
    const body = { name: "Roof", serialNumber: "SN-1", type: "GATEWAY" as const, metadata: { big: 10n } };
    await expect(client.plants.create(body)).rejects.toThrow(/BigInt/);
    expect(requests).toHaveLength(0);
  });

  test("iterate walks every page in order and stops at totalPages", async () => {
    const all = Array.from({ length: 5 }, (_, i) =>
      fx.plant({ id: `00000000-0000-4000-8000-00000000000${i}` }),
    );
    const requests = recordAll(server, ({ request }) => {
      const pageNo = Number(new URL(request.url).searchParams.get("page"));
      return HttpResponse.json(fx.page(all.slice((pageNo - 1) * 2, pageNo * 2), pageNo, 3, 2));
    });

    const ids: string[] = [];
    for await (const p of testClient().client.plants.iterate({ limit: 2, authMethod: "MTLS" }))
      ids.push(p.id);

    expect(ids).toEqual(all.map((p) => p.id));
    expect(requests.map((r) => r.query)).toEqual([
      { limit: "2", authMethod: "MTLS", page: "1" },
      { limit: "2", authMethod: "MTLS", page: "2" },
      { limit: "2", authMethod: "MTLS", page: "3" },
    ]);
  });
});
