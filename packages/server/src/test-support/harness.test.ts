import { afterEach, describe, expect, it } from "vitest";
import { ContractViolation, createTestHarness, type TestHarness } from "./harness.ts";

let h: TestHarness;
afterEach(() => h.close());

describe("test harness", () => {
  it("fails the request when a response breaks openapi.yaml", async () => {
    h = await createTestHarness();
    // A buggy service: the list reply it produces breaks PaginationMeta (total ≥ 0).
    const list = h.services.plants.list;
    h.services.plants.list = (principal, input) => {
      const page = list(principal, input);
      return { ...page, total: -1 };
    };
    await expect(h.request("GET", "/api/v1/plants")).rejects.toThrow(ContractViolation);
    await expect(h.request("GET", "/api/v1/plants")).rejects.toThrow(/meta\/total must be >= 0/);
  });

  it("fails a request to an operation the spec does not have, unless told not to check", async () => {
    h = await createTestHarness();
    await expect(h.request("GET", "/api/v1/gadgets")).rejects.toThrow(/no operation GET \/api\/v1\/gadgets/);
    expect((await h.request("GET", "/api/v1/gadgets", { validate: false })).status).toBe(404);
  });

  it("gives a token per role in two organizations, and a checked fetch for SDK clients", async () => {
    h = await createTestHarness();
    expect(Object.keys(h.tokens).sort()).toEqual([
      "admin",
      "operator",
      "otherAdmin",
      "otherViewer",
      "provisioner",
      "superadmin",
      "viewer",
    ]);
    const plant = await h.createPlant({}, "otherAdmin");
    expect(plant.organizationId).toBe(h.otherOrganizationId);
    const res = await h.fetch("http://voke.test/api/v1/plants", {
      headers: { authorization: `Bearer ${h.tokens.superadmin}` },
    });
    expect(((await res.json()) as { meta: { total: number } }).meta.total).toBe(1);
    expect(h.seen.at(-1)).toEqual({ operation: "GET /api/v1/plants", status: 200 });
  });
});
