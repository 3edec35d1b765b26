/**
 * Every operation of openapi.yaml × every kind of caller → the status the contract's roles and tenancy rules
 * call for, and proof that the router serves every path and method the contract lists.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ROLES, type Role, roleIncludes } from "./services/access.ts";
import { createTestHarness, type TestHarness } from "./test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const UNKNOWN_TOKEN = "voke_this_token_was_never_issued_0123456789";

/** Who calls: nobody, a token the server never issued, each role of the main organization, another organization's admin. */
type Caller =
  | "anonymous"
  | "unknown token"
  | "viewer"
  | "operator"
  | "provisioner"
  | "admin"
  | "otherAdmin"
  | "superadmin";
const CALLERS: readonly Caller[] = [
  "anonymous",
  "unknown token",
  "viewer",
  "operator",
  "provisioner",
  "admin",
  "otherAdmin",
  "superadmin",
];

/** What an operation acts on: created fresh in one organization (through its admin) for every request. */
interface Target {
  plantId: string;
  ruleId: string;
  tokenId: string;
  json?: unknown;
}

type Owner = "admin" | "otherAdmin";
type Prepare = (h: TestHarness, owner: Owner) => Promise<Target>;

let serial = 0;

async function plantIn(
  h: TestHarness,
  owner: Owner,
  state: "PENDING" | "PROVISIONED" | "SUSPENDED" = "PENDING",
  authMethod = "MTLS",
) {
  const plant = await h.createPlant({ authMethod }, owner);
  if (state !== "PENDING")
    expectOk(await h.request("POST", `/api/v1/plants/${plant.id}/provision`, { as: owner }));
  if (state === "SUSPENDED")
    expectOk(await h.request("POST", `/api/v1/plants/${plant.id}/suspend`, { as: owner }));
  return plant.id as string;
}

async function apiTokenIn(h: TestHarness, owner: Owner) {
  const res = await h.request("POST", "/api/v1/tokens", {
    as: owner,
    json: { name: "spare", role: "viewer" },
  });
  expectOk(res);
  return res.body.id as string;
}

async function ruleIn(h: TestHarness, owner: Owner) {
  const res = await h.request("POST", "/api/v1/alert-rules", {
    as: owner,
    json: { name: "Hot", metric: "tempC", condition: "GT", threshold: 80 },
  });
  expectOk(res);
  return res.body.id as string;
}

function expectOk(res: { status: number; text: string }) {
  if (res.status >= 300) throw new Error(`fixture request failed: ${res.status} ${res.text}`);
}

/** A plant (in the state the operation needs) and an alert rule in the owner's organization, plus a body. */
const target =
  (
    state: "PENDING" | "PROVISIONED" | "SUSPENDED" = "PENDING",
    extra: { authMethod?: string; json?: () => unknown } = {},
  ): Prepare =>
  async (h, owner) => ({
    plantId: await plantIn(h, owner, state, extra.authMethod),
    ruleId: await ruleIn(h, owner),
    tokenId: await apiTokenIn(h, owner),
    json: extra.json?.(),
  });

/** One entry per operation of openapi.yaml; the test fails when the contract gains one this table lacks. */
const FIXTURES: Record<string, Prepare> = {
  "GET /api/v1/plants": target(),
  "POST /api/v1/plants": target("PENDING", {
    json: () => ({ name: "New", serialNumber: `SN-MATRIX-${++serial}`, type: "SENSOR" }),
  }),
  "GET /api/v1/plants/certificate-stats": target(),
  "GET /api/v1/plants/{id}": target(),
  "PATCH /api/v1/plants/{id}": target("PENDING", { json: () => ({ name: "Renamed" }) }),
  "DELETE /api/v1/plants/{id}": target(),
  "GET /api/v1/plants/{id}/energy/today": target(),
  "GET /api/v1/plants/{id}/telemetry": target(),
  "GET /api/v1/events": target(),
  "POST /api/v1/plants/{id}/mqtt-token": target("PROVISIONED", { authMethod: "TOKEN" }),
  "POST /api/v1/plants/{id}/provision": target(),
  "GET /api/v1/plants/{id}/provision/download": target(),
  "POST /api/v1/plants/{id}/reactivate": target("SUSPENDED"),
  "POST /api/v1/plants/{id}/revoke": target(),
  "POST /api/v1/plants/{id}/rotate-secret": target("PROVISIONED"),
  "POST /api/v1/plants/{id}/suspend": target("PROVISIONED"),
  "GET /api/v1/plants/{plantId}/commands": target(),
  "POST /api/v1/plants/{plantId}/commands": target("PROVISIONED", { json: () => ({ command: "reboot" }) }),
  "GET /api/v1/alert-rules": target(),
  "POST /api/v1/alert-rules": target("PENDING", {
    json: () => ({ name: "Low", metric: "soc", condition: "LT", threshold: 10 }),
  }),
  "GET /api/v1/alert-rules/{id}": target(),
  "PATCH /api/v1/alert-rules/{id}": target("PENDING", { json: () => ({ threshold: 1 }) }),
  "DELETE /api/v1/alert-rules/{id}": target(),
  "GET /api/v1/templates": target(),
  "GET /api/v1/tokens": target(),
  "POST /api/v1/tokens": target("PENDING", { json: () => ({ name: "new", role: "viewer" }) }),
  "DELETE /api/v1/tokens/{id}": target(),
};

interface Operation {
  name: string;
  method: string;
  template: string;
  minimumRole: Role;
  successStatus: number;
  notFoundCodes: string[];
}

/** Every operation of the contract, with its x-voke-role, its success status and its 404 codes. */
async function contractOperations(): Promise<Operation[]> {
  const h = await createTestHarness();
  try {
    const document = h.spec.document;
    const operations: Operation[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of ["get", "put", "post", "patch", "delete"]) {
        const operation = item[method] as
          | { "x-voke-role"?: Role; responses: Record<string, { $ref?: string }> }
          | undefined;
        if (!operation) continue;
        const success = Object.keys(operation.responses).find((status) => status.startsWith("2"));
        operations.push({
          name: `${method.toUpperCase()} ${template}`,
          method: method.toUpperCase(),
          template,
          minimumRole: operation["x-voke-role"] as Role,
          successStatus: Number(success),
          notFoundCodes: notFoundCodes(document, operation.responses["404"]),
        });
      }
    }
    return operations;
  } finally {
    h.close();
  }
}

function notFoundCodes(
  document: TestHarness["spec"]["document"],
  response: { $ref?: string } | undefined,
): string[] {
  if (!response?.$ref) return [];
  const name = response.$ref.split("/").at(-1) ?? "";
  const declared = document.components?.responses?.[name] as {
    content: { "application/json": { schema: { $ref: string } } };
  };
  const schemaName = declared.content["application/json"].schema.$ref.split("/").at(-1) ?? "";
  const schema = document.components?.schemas?.[schemaName] as {
    allOf: { properties?: { code?: { enum?: string[] } } }[];
  };
  return schema.allOf.flatMap((part) => part.properties?.code?.enum ?? []);
}

function pathFor(template: string, at: Pick<Target, "plantId" | "ruleId" | "tokenId">): string {
  const id = template.startsWith("/api/v1/alert-rules")
    ? at.ruleId
    : template.startsWith("/api/v1/tokens")
      ? at.tokenId
      : at.plantId;
  return template.replace("{id}", id).replace("{plantId}", at.plantId);
}

/** What the contract says `caller` gets: 401 without a valid token, 403 below the role, 404 across tenants. */
function expectedStatus(operation: Operation, caller: Caller): number {
  if (caller === "anonymous" || caller === "unknown token") return 401;
  const role: Role = caller === "otherAdmin" ? "admin" : caller;
  if (!roleIncludes(role, operation.minimumRole)) return 403;
  const namesOneResource = operation.template.includes("{");
  if (caller === "otherAdmin" && namesOneResource) return 404;
  return operation.successStatus;
}

const operations = await contractOperations();

let h: TestHarness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe("authorization matrix", () => {
  it("covers the 27 operations of openapi.yaml, each with a minimum role and a fixture", () => {
    expect(operations).toHaveLength(27);
    for (const operation of operations) {
      expect(ROLES, `${operation.name} x-voke-role`).toContain(operation.minimumRole);
      expect(FIXTURES[operation.name], `fixture for ${operation.name}`).toBeDefined();
    }
    expect(Object.keys(FIXTURES).sort()).toEqual(operations.map((o) => o.name).sort());
  });

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    "%s",
    async (_name, operation) => {
      const harness = await createTestHarness();
      h = harness;
      const prepare = FIXTURES[operation.name] as Prepare;
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const caller of CALLERS) {
        // The superadmin acts on another organization's resources (it may reach every one); the other
        // organization's admin on the main organization's (it must reach none); everyone else on their own.
        const owner: Owner = caller === "superadmin" ? "otherAdmin" : "admin";
        const at = await prepare(harness, owner);
        const res = await harness.request(operation.method, pathFor(operation.template, at), {
          ...(caller === "unknown token" ? { token: UNKNOWN_TOKEN } : { as: caller }),
          json: at.json,
        });
        outcomes[caller] = res.status;
        expected[caller] = expectedStatus(operation, caller);

        if (res.status === 401) expect(res.body.code).toBe("UNAUTHORIZED");
        if (res.status === 403) expect(res.body.code).toBe("FORBIDDEN");
        if (res.status === 404) expect(operation.notFoundCodes).toContain(res.body.code);
        if (res.status === 404 && operation.template.startsWith("/api/v1/tokens"))
          expect(res.body.code).toBe("TOKEN_NOT_FOUND");
        if (caller === "otherAdmin") {
          // Nothing of the main organization leaks into another organization's answers, lists included.
          expect(res.text).not.toContain(at.plantId);
          expect(res.text).not.toContain(at.ruleId);
          expect(res.text).not.toContain(at.tokenId);
        }
        if (caller === "superadmin" && operation.name === "GET /api/v1/plants") {
          expect(res.text).toContain(at.plantId);
        }
        if (caller === "superadmin" && operation.name === "GET /api/v1/alert-rules") {
          expect(res.text).toContain(at.ruleId);
        }
        if (caller === "superadmin" && operation.name === "GET /api/v1/tokens") {
          expect(res.text).toContain(at.tokenId);
        }
      }
      expect(outcomes).toEqual(expected);
    },
  );
});

describe("routing", () => {
  it("serves every path and method of openapi.yaml (never the router's own 404)", async () => {
    const harness = await createTestHarness();
    h = harness;
    const routerMisses: string[] = [];
    for (const operation of operations) {
      const at = await (FIXTURES[operation.name] as Prepare)(harness, "admin");
      // A missing id for operations on one resource: the route must answer with the resource's own 404.
      const names = operation.template.includes("{");
      const path = names
        ? pathFor(operation.template, { plantId: MISSING_ID, ruleId: MISSING_ID, tokenId: MISSING_ID })
        : pathFor(operation.template, at);
      const res = await harness.request(operation.method, path, { as: "superadmin", json: at.json });
      const isRouterMiss =
        (res.status === 404 || res.status === 405) &&
        (!operation.notFoundCodes.includes(res.body?.code) ||
          String(res.body?.message).startsWith("No route for"));
      if (isRouterMiss) routerMisses.push(`${operation.name} → ${res.status} ${res.text}`);
      expect(res.status, operation.name).toBe(names ? 404 : operation.successStatus);
    }
    expect(routerMisses).toEqual([]);
  });

  it("tells the router's 404 apart from a resource's", async () => {
    const harness = await createTestHarness();
    h = harness;
    const unrouted = await harness.request("GET", `/api/v1/plants/${MISSING_ID}/firmware`, {
      validate: false,
    });
    expect(unrouted.status).toBe(404);
    expect(unrouted.body.message).toMatch(/^No route for GET /);
    const wrongMethod = await harness.request("PUT", "/api/v1/alert-rules", { validate: false, json: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
    const missingRule = await harness.request("GET", `/api/v1/alert-rules/${MISSING_ID}`);
    expect(missingRule.status).toBe(404);
    expect(missingRule.body.message).not.toMatch(/^No route for/);
  });
});
