import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { NotFoundError } from "./errors.ts";
import * as fx from "./test-support/fixtures.ts";
import { recordAll, testClient, useMockApi } from "./test-support/mock-api.ts";

const server = useMockApi();

function errorBody(statusCode: number, code: string, message: string) {
  return { statusCode, error: "Error", code, message, details: null };
}

describe("withResponse()", () => {
  test("gives the data, the Response and its request id, for one request", async () => {
    const reply = fx.page([fx.plant()]);
    const requests = recordAll(server, () =>
      HttpResponse.json(reply, {
        headers: { "x-request-id": "req-list-1", "ratelimit-remaining": "41", "ratelimit-limit": "50" },
      }),
    );
    const call = testClient().client.plants.list();
    expect(call).toBeInstanceOf(Promise);
    const { data, response, requestId } = await call.withResponse();
    expect(data).toEqual(reply);
    expect(requestId).toBe("req-list-1");
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-remaining")).toBe("41");
    // Awaiting the same call too does not send it again.
    expect(await call).toEqual(reply);
    expect(requests).toHaveLength(1);
  });

  test("after retries it is the final reply's Response", async () => {
    let attempt = 0;
    recordAll(server, () => {
      attempt++;
      return attempt === 1
        ? HttpResponse.json(errorBody(503, "UNAVAILABLE", "busy"), {
            status: 503,
            headers: { "x-request-id": "req-503" },
          })
        : HttpResponse.json(fx.plant(), { status: 201, headers: { "x-request-id": "req-201" } });
    });
    const { data, response, requestId } = await testClient()
      .client.plants.create({ name: "Roof", serialNumber: "SN-1", type: "GATEWAY" })
      .withResponse();
    expect(data).toEqual(fx.plant());
    expect(response.status).toBe(201);
    expect(requestId).toBe("req-201");
  });

  test("methods that reshape the data keep the Response: downloadProvisioning, alertRules.delete", async () => {
    recordAll(server, ({ request }) =>
      request.method === "DELETE"
        ? new HttpResponse(null, { status: 204, headers: { "x-request-id": "req-del" } })
        : HttpResponse.json(fx.provisioningPackage, {
            headers: {
              "content-disposition": 'attachment; filename="voke-SN-1.json"',
              "x-request-id": "req-dl",
            },
          }),
    );
    const { client } = testClient();
    const download = await client.plants.downloadProvisioning(fx.PLANT_ID).withResponse();
    expect(download.data).toEqual({ data: fx.provisioningPackage, filename: "voke-SN-1.json" });
    expect(download.requestId).toBe("req-dl");
    const deleted = await client.alertRules.delete(fx.RULE_ID).withResponse();
    expect(deleted.data).toBeUndefined();
    expect(deleted.response.status).toBe(204);
    expect(deleted.requestId).toBe("req-del");
    expect(await client.alertRules.delete(fx.RULE_ID)).toBeUndefined();
  });

  test("a failed call rejects withResponse() with the same typed error", async () => {
    recordAll(server, () =>
      HttpResponse.json(errorBody(404, "PLANT_NOT_FOUND", "Plant not found"), {
        status: 404,
        headers: { "x-request-id": "req-404" },
      }),
    );
    const error = await testClient()
      .client.plants.get(fx.PLANT_ID)
      .withResponse()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).requestId).toBe("req-404");
  });

  test("asking only for the Response leaves no unhandled rejection behind", async () => {
    recordAll(server, () => HttpResponse.json(errorBody(404, "PLANT_NOT_FOUND", "gone"), { status: 404 }));
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      await expect(testClient().client.plants.get(fx.PLANT_ID).withResponse()).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(unhandled).toEqual([]);
  });

  test("behaves as a promise: then, catch, finally, and Promise.all", async () => {
    recordAll(server, () => HttpResponse.json(fx.page([])));
    const { client } = testClient();
    let settled = false;
    const [a, b] = await Promise.all([
      client.plants.list().finally(() => {
        settled = true;
      }),
      client.plants.list().then((page) => page.meta.total),
    ]);
    expect(a).toEqual(fx.page([]));
    expect(b).toBe(0);
    expect(settled).toBe(true);
    expect(Object.prototype.toString.call(client.plants.list().catch(() => undefined))).toBe(
      "[object Promise]",
    );
  });
});
