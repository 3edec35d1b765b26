import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import * as fx from "../test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "../test-support/mock-api.ts";

const server = useMockApi();
const ONE = `/api/v1/alert-rules/${fx.RULE_ID}`;

describe("alertRules", () => {
  test("list GETs one page, filtered by plant", async () => {
    const reply = fx.page([fx.alertRule({ plantId: fx.PLANT_ID })]);
    const requests = recordAll(server, () => HttpResponse.json(reply));

    expect(await testClient().client.alertRules.list({ plantId: fx.PLANT_ID, limit: 5 })).toEqual(reply);

    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe("GET /api/v1/alert-rules");
    expect(requests[0]?.query).toEqual({ plantId: fx.PLANT_ID, limit: "5" });
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  test("get, update and delete address one rule", async () => {
    const updated = fx.alertRule({ threshold: 15, enabled: false });
    const requests = recordAll(server, ({ request }) =>
      request.method === "DELETE" ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(updated),
    );
    const { client } = testClient();

    expect(await client.alertRules.get(fx.RULE_ID)).toEqual(updated);
    expect(await client.alertRules.update(fx.RULE_ID, { threshold: 15, enabled: false })).toEqual(updated);
    expect(await client.alertRules.delete(fx.RULE_ID)).toBeUndefined();

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${ONE}`,
      `PATCH ${ONE}`,
      `DELETE ${ONE}`,
    ]);
    expect(requests[1]?.body).toEqual({ threshold: 15, enabled: false });
    expect(requests[1]?.headers.get("content-type")).toBe("application/json");
    expect(requests[1]?.headers.get("idempotency-key")).toBeNull();
  });

  test("create POSTs the rule with an Idempotency-Key", async () => {
    const rule = fx.alertRule();
    const requests = recordAll(server, () => HttpResponse.json(rule, { status: 201 }));
    const body = {
      name: "Low battery",
      metric: "soc",
      condition: "LT",
      threshold: 20,
      cooldownMinutes: 15,
    } as const;

    expect(await testClient().client.alertRules.create(body)).toEqual(rule);

    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe("POST /api/v1/alert-rules");
    expect(requests[0]?.body).toEqual(body);
    expect(requests[0]?.headers.get("content-type")).toBe("application/json");
    expect(requests[0]?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("iterate stops at totalPages even when the server has more pages than promised", async () => {
    const requests = recordAll(server, ({ request }) => {
      const pageNo = Number(new URL(request.url).searchParams.get("page"));
      return HttpResponse.json(fx.page([fx.alertRule({ name: `rule ${pageNo}` })], pageNo, 2, 1));
    });
    const names: string[] = [];
    for await (const rule of testClient().client.alertRules.iterate({ limit: 1 })) names.push(rule.name);
    expect(names).toEqual(["rule 1", "rule 2"]);
    expect(requests).toHaveLength(2);
  });
});
