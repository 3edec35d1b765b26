import { HttpResponse } from "msw";
import { expect, test } from "vitest";
import * as fx from "../test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "../test-support/mock-api.ts";

const server = useMockApi();

test("templates.list GETs the templates of a level", async () => {
  const reply = { data: [fx.template] };
  const requests = recordAll(server, () => HttpResponse.json(reply));

  expect(await testClient().client.templates.list({ level: "PLANT" })).toEqual(reply);

  expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe("GET /api/v1/templates");
  expect(requests[0]?.query).toEqual({ level: "PLANT" });
  expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
});
