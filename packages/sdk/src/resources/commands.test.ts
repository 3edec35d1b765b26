import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import * as fx from "../test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "../test-support/mock-api.ts";

const server = useMockApi();
const PATH = `/api/v1/plants/${fx.PLANT_ID}/commands`;

describe("commands", () => {
  test("list GETs one page of a plant's commands with page and limit", async () => {
    const reply = fx.page([fx.command()], 1, 1, 10);
    const requests = recordAll(server, () => HttpResponse.json(reply));

    expect(await testClient().client.commands.list(fx.PLANT_ID, { page: 1, limit: 10 })).toEqual(reply);

    expect(`${requests[0]?.method} ${requests[0]?.path}`).toBe(`GET ${PATH}`);
    expect(requests[0]?.query).toEqual({ page: "1", limit: "10" });
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  test("send POSTs the command with Content-Type and an Idempotency-Key, and returns it", async () => {
    const queued = fx.command({ payload: { delayS: 5 }, target: "INV_1" });
    const requests = recordAll(server, () => HttpResponse.json(queued, { status: 201 }));
    const body = { command: "reboot", payload: { delayS: 5 }, target: "INV_1" };

    expect(await testClient().client.commands.send(fx.PLANT_ID, body)).toEqual(queued);

    const [req] = requests;
    expect(`${req?.method} ${req?.path}`).toBe(`POST ${PATH}`);
    expect(req?.body).toEqual(body);
    expect(req?.headers.get("content-type")).toBe("application/json");
    expect(req?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("iterate walks the pages of one plant's commands", async () => {
    const requests = recordAll(server, ({ request }) => {
      const pageNo = Number(new URL(request.url).searchParams.get("page"));
      return HttpResponse.json(fx.page([fx.command({ cmdId: `cmd-${pageNo}` })], pageNo, 2, 1));
    });

    const cmdIds: string[] = [];
    for await (const c of testClient().client.commands.iterate(fx.PLANT_ID, { limit: 1 }))
      cmdIds.push(c.cmdId);

    expect(cmdIds).toEqual(["cmd-1", "cmd-2"]);
    expect(requests.map((r) => `${r.path}?page=${r.query.page}`)).toEqual([
      `${PATH}?page=1`,
      `${PATH}?page=2`,
    ]);
  });

  test("a bad plant id is refused before any request", async () => {
    const requests = recordAll(server, () => HttpResponse.json({}));
    await expect(testClient().client.commands.send("", { command: "reboot" })).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });
});
