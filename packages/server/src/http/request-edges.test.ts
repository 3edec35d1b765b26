/**
 * The API's edges, in memory: deep JSON, `__proto__` keys, invalid UTF-8, huge page numbers, bad
 * Idempotency-Key headers, unsupported methods and who may set organizationId. Every reply is checked
 * against openapi.yaml by the harness.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import { MAX_JSON_DEPTH } from "./json-text.ts";

let h: TestHarness;
afterEach(() => h?.close());

function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

const bodyEndpoints = async (h: TestHarness) => {
  const plant = await h.createPlant();
  await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
  return [
    {
      method: "POST",
      path: "/api/v1/plants",
      field: "metadata",
      base: { name: "N", serialNumber: "SN-deep", type: "SENSOR" },
    },
    { method: "PATCH", path: `/api/v1/plants/${plant.id}`, field: "metadata", base: {} },
    {
      method: "POST",
      path: `/api/v1/plants/${plant.id}/commands`,
      field: "payload",
      base: { command: "reboot" },
    },
  ];
};

describe("nested JSON", () => {
  it("is refused past the depth limit with a 400 naming the field, on every operation that takes objects", async () => {
    h = await createTestHarness();
    for (const endpoint of await bodyEndpoints(h)) {
      for (const levels of [5000, MAX_JSON_DEPTH]) {
        const body = `{${Object.entries(endpoint.base)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
          .join("")}"${endpoint.field}":${nested(levels)}}`;
        const res = await h.request(endpoint.method, endpoint.path, {
          body,
          headers: { "content-type": "application/json" },
        });
        expect(res.status, `${endpoint.method} ${endpoint.path} ${levels}`).toBe(400);
        expect(res.body.code).toBe("VALIDATION_ERROR");
        expect(res.body.details.issues).toEqual([
          { path: endpoint.field, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` },
        ]);
      }
    }
  });

  it("is accepted up to the limit and comes back intact", async () => {
    h = await createTestHarness();
    // The body is level 1 and metadata level 2, so metadata may hold MAX_JSON_DEPTH - 2 more levels.
    const metadata = JSON.parse(nested(MAX_JSON_DEPTH - 2));
    const plant = await h.createPlant({ metadata });
    expect(plant.metadata).toEqual(metadata);
    const list = await h.request("GET", "/api/v1/plants");
    expect(list.body.data[0].metadata).toEqual(metadata);
  });
});

describe("__proto__ keys", () => {
  it("are kept in metadata (create and update) and in a command payload, and stored as sent", async () => {
    h = await createTestHarness();
    const created = await h.request("POST", "/api/v1/plants", {
      body: '{"name":"P","serialNumber":"SN-proto","type":"SENSOR","metadata":{"__proto__":{"x":1},"site":"Brno"}}',
      headers: { "content-type": "application/json" },
    });
    expect(created.status).toBe(201);
    expect(created.text).toContain('"metadata":{"__proto__":{"x":1},"site":"Brno"}');
    const fetched = await h.request("GET", `/api/v1/plants/${created.body.id}`);
    expect(fetched.text).toContain('"__proto__":{"x":1}');
    // Nothing leaked onto the prototype of the stored object.
    expect(({} as Record<string, unknown>).x).toBeUndefined();

    const updated = await h.request("PATCH", `/api/v1/plants/${created.body.id}`, {
      body: '{"metadata":{"__proto__":"kept"}}',
      headers: { "content-type": "application/json" },
    });
    expect(updated.text).toContain('"metadata":{"__proto__":"kept"}');

    await h.request("POST", `/api/v1/plants/${created.body.id}/provision`);
    const command = await h.request("POST", `/api/v1/plants/${created.body.id}/commands`, {
      body: '{"command":"set","payload":{"__proto__":{"polluted":true}}}',
      headers: { "content-type": "application/json" },
    });
    expect(command.status).toBe(201);
    expect(command.text).toContain('"payload":{"__proto__":{"polluted":true}}');
    const history = await h.request("GET", `/api/v1/plants/${created.body.id}/commands`);
    expect(history.text).toContain('"payload":{"__proto__":{"polluted":true}}');
  });
});

describe("invalid UTF-8", () => {
  it("is a 400 on every body endpoint, never stored as U+FFFD", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
    const rule = await h.request("POST", "/api/v1/alert-rules", {
      json: { name: "r", metric: "m", condition: "GT", threshold: 1 },
    });
    const bad = (prefix: string, suffix: string) =>
      Buffer.concat([Buffer.from(prefix), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(suffix)]);
    const cases = [
      ["POST", "/api/v1/plants", bad('{"name":"', '","serialNumber":"SN-utf","type":"SENSOR"}')],
      ["PATCH", `/api/v1/plants/${plant.id}`, bad('{"name":"', '"}')],
      ["POST", `/api/v1/plants/${plant.id}/commands`, bad('{"command":"', '"}')],
      ["POST", "/api/v1/alert-rules", bad('{"name":"', '","metric":"m","condition":"GT","threshold":1}')],
      ["PATCH", `/api/v1/alert-rules/${rule.body.id}`, bad('{"name":"', '"}')],
    ] as const;
    for (const [method, path, body] of cases) {
      const res = await h.request(method, path, { body, headers: { "content-type": "application/json" } });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.details.issues).toEqual([{ path: "", message: "request body is not valid UTF-8" }]);
    }
    const plants = await h.request("GET", "/api/v1/plants");
    expect(plants.text).not.toContain("\ufffd");
  });
});

describe("page numbers", () => {
  it("above the declared maximum are a 400 on every list, never a 5xx", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    for (const list of ["/api/v1/plants", "/api/v1/alert-rules", `/api/v1/plants/${plant.id}/commands`]) {
      for (const page of ["922337203685477580", "9007199254740993", "1000001"]) {
        const res = await h.request("GET", `${list}?page=${page}`);
        expect(res.status, `${list}?page=${page}`).toBe(400);
        expect(res.body.details.issues).toEqual([{ path: "page", message: "page must be at most 1000000" }]);
      }
      const last = await h.request("GET", `${list}?page=1000000`);
      expect(last.status).toBe(200);
      expect(last.body.meta.page).toBe(1000000);
    }
  });

  it("has its maximum declared in openapi.yaml", async () => {
    h = await createTestHarness();
    const page = h.spec.document.components?.parameters?.Page as { schema: { maximum?: number } };
    expect(page.schema.maximum).toBe(1000000);
  });
});

describe("a bad Idempotency-Key header", () => {
  it("gets a 400 the operation declares, on every POST (the harness checks the contract)", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant({ authMethod: "TOKEN" });
    const key = "k".repeat(256);
    const posts = ["provision", "rotate-secret", "mqtt-token", "suspend", "reactivate", "revoke"];
    for (const action of posts) {
      const res = await h.request("POST", `/api/v1/plants/${plant.id}/${action}`, {
        headers: { "idempotency-key": key },
      });
      expect(res.status, action).toBe(400);
      expect(res.body.details.issues).toEqual([
        { path: "Idempotency-Key", message: "must be 1 to 255 characters" },
      ]);
    }
  });

  it("body-less POSTs declare the 413 they answer", async () => {
    h = await createTestHarness({ maxBodyBytes: 16 });
    const plant = await h.createPlant({}, "admin").catch(() => undefined);
    expect(plant).toBeUndefined(); // creating needs more than 16 bytes: it is a 413 as well
    for (const action of ["provision", "rotate-secret", "mqtt-token", "suspend", "reactivate", "revoke"]) {
      const res = await h.request("POST", `/api/v1/plants/6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5/${action}`, {
        body: "x".repeat(100),
        headers: { "content-type": "application/json" },
      });
      expect(res.status, action).toBe(413);
      expect(res.headers.get("connection")).toBe("close");
    }
  });
});

describe("unsupported methods", () => {
  it("on known paths are 405 with Allow; unknown paths stay 404", async () => {
    h = await createTestHarness();
    const put = await h.request("PUT", "/api/v1/alert-rules", { validate: false, json: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(put.body).toMatchObject({ statusCode: 405, code: "METHOD_NOT_ALLOWED" });
    expect(put.headers.get("x-request-id")).toBeTruthy();
    const del = await h.request("DELETE", "/api/v1/plants/6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5/suspend", {
      validate: false,
    });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("POST");
    const plant = await h.request("PUT", "/api/v1/plants/6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5", {
      validate: false,
    });
    expect(plant.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH");
    const health = await h.request("POST", "/healthz", { validate: false, as: "anonymous" });
    expect(health.status).toBe(405);
    expect(health.headers.get("allow")).toBe("GET, HEAD");
    const unknown = await h.request("GET", "/api/v1/firmware", { validate: false });
    expect(unknown.status).toBe(404);
  });
});

describe("organizationId", () => {
  it("may be set by a superadmin only, even to the plant's own organization", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    const admin = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { organizationId: h.organizationId },
    });
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe("FORBIDDEN");
    const superadmin = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      as: "superadmin",
      json: { organizationId: h.organizationId },
    });
    expect(superadmin.status).toBe(200);
  });
});
