/**
 * Property test generated from openapi.yaml: for every operation, valid and invalid path ids, query
 * values, headers and bodies (from the operation's own schemas) go to the in-process app, and every
 * reply must be no 5xx, a status the operation declares, and a body valid against its declared schema
 * (the harness checks the last two on every response and throws on a mismatch).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import { anyJson, invalidValue, resolveRef, validValue } from "./schema-arbitrary.ts";

type Json = Record<string, unknown>;

// Fixed by default so CI is repeatable; set VOKE_PROPERTY_SEED to explore other inputs.
const DEFAULT_SEED = 20261201;
const SEED = Number(process.env.VOKE_PROPERTY_SEED ?? DEFAULT_SEED);
const RUNS_PER_OPERATION = 60;

let h: TestHarness;
/** Ids that exist, by the path parameter's meaning. */
const existing: Record<string, string[]> = { plant: [], rule: [], token: [] };

beforeAll(async () => {
  h = await createTestHarness();
});

/** Fresh resources for the next operation: the one before may have deleted or revoked them. */
async function refill(): Promise<void> {
  existing.plant = [];
  for (const authMethod of ["MTLS", "TOKEN", "PASSWORD"]) {
    const plant = await h.createPlant({ authMethod });
    existing.plant.push(plant.id);
    await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
  }
  existing.plant.push((await h.createPlant()).id); // one left PENDING
  const suspended = await h.createPlant();
  await h.request("POST", `/api/v1/plants/${suspended.id}/provision`);
  await h.request("POST", `/api/v1/plants/${suspended.id}/suspend`);
  existing.plant.push(suspended.id);
  const rule = await h.request("POST", "/api/v1/alert-rules", {
    json: { name: "r", metric: "soc", condition: "LT", threshold: 10 },
  });
  existing.rule = [rule.body.id];
  const token = await h.request("POST", "/api/v1/tokens", { json: { name: "spare", role: "viewer" } });
  existing.token = [token.body.id];
}
afterAll(() => h?.close());

/** More runs for an operation with many query parameters: each must be valid or absent for a success. */
function runsFor(operation: Json): number {
  const queries = ((operation.parameters as Json[] | undefined) ?? []).filter((p) => p.in === "query").length;
  return queries > 4 ? RUNS_PER_OPERATION * 4 : RUNS_PER_OPERATION;
}

interface Parameter {
  name: string;
  in: string;
  schema: Json;
}

const KIND: Record<string, string> = { "/api/v1/alert-rules": "rule", "/api/v1/tokens": "token" };
function kindOf(template: string): string {
  return Object.entries(KIND).find(([prefix]) => template.startsWith(prefix))?.[1] ?? "plant";
}

/** A path segment: an existing id, a random UUID, or text that is no UUID (never "." or "..", which move the path). */
function pathSegment(kind: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(existing[kind] ?? [])), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    {
      arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text !== "." && text !== ".."),
      weight: 1,
    },
  );
}

/** A query value: one the schema accepts, or text that is probably not. */
function queryValue(document: unknown, schema: Json): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    validValue(document, schema).map(String),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom("0", "-1", "1.5", "922337203685477580", "1e3", ""),
    ),
  );
}

/** Header values Fetch can carry: latin-1 without CR, LF or NUL. */
const headerText = fc
  .string({ unit: "binary", maxLength: 300 })
  .map((text) => text.replace(/[^\x20-\x7e\x80-\xff\t]/g, ""));

interface Sent {
  path: string;
  as: "admin" | "viewer" | "provisioner" | "anonymous" | "superadmin";
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

function requestFor(
  document: unknown,
  template: string,
  method: string,
  operation: Json,
): fc.Arbitrary<Sent> {
  const item = (document as { paths: Record<string, Json> }).paths[template] ?? {};
  const parameters = [
    ...((item.parameters as unknown[]) ?? []),
    ...((operation.parameters as unknown[]) ?? []),
  ].map((p) => resolveRef(document, p) as unknown as Parameter);
  const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const queries = parameters.filter((p) => p.in === "query");
  const bodySchema = operation.requestBody
    ? (((resolveRef(document, operation.requestBody).content as Json)["application/json"] as Json)
        .schema as Json)
    : undefined;

  const body: fc.Arbitrary<{ body?: string | Uint8Array; contentType?: string }> = bodySchema
    ? fc.oneof(
        { arbitrary: validValue(document, bodySchema).map((v) => ({ body: JSON.stringify(v) })), weight: 4 },
        {
          arbitrary: invalidValue(document, bodySchema).map((v) => ({ body: JSON.stringify(v) ?? "" })),
          weight: 3,
        },
        {
          arbitrary: fc.oneof(
            fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ body: bytes })),
            fc.string({ maxLength: 40 }).map((text) => ({ body: text })),
            fc.constant({ body: `${'{"a":'.repeat(200)}1${"}".repeat(200)}` }),
            anyJson.map((v) => ({ body: JSON.stringify(v) ?? "", contentType: "text/plain" })),
          ),
          weight: 1,
        },
      )
    : method === "get"
      ? fc.constant({})
      : fc.oneof(
          { arbitrary: fc.constant({}), weight: 5 },
          // A body where none is expected is ignored (up to the size limit).
          { arbitrary: anyJson.map((v) => ({ body: JSON.stringify(v) ?? "" })), weight: 1 },
        );

  return fc
    .record({
      segments: fc.tuple(...pathNames.map(() => pathSegment(kindOf(template)))),
      query: fc.tuple(...queries.map((q) => queryValue(document, q.schema))),
      as: fc.constantFrom("admin", "admin", "superadmin", "viewer", "provisioner", "anonymous"),
      requestId: fc.option(headerText, { nil: undefined }),
      idempotencyKey: fc.option(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.string({ minLength: 256, maxLength: 300 }),
          fc.constant(""),
        ),
        {
          nil: undefined,
          freq: 3,
        },
      ),
      body,
    })
    .map(({ segments, query, as, requestId, idempotencyKey, body: sent }) => {
      let path = template;
      pathNames.forEach((name, i) => {
        path = path.replace(`{${name}}`, encodeURIComponent(segments[i] as string));
      });
      const search = new URLSearchParams();
      queries.forEach((q, i) => {
        const value = query[i];
        if (value !== undefined) search.set(q.name, value);
      });
      const headers: Record<string, string> = {};
      if (requestId !== undefined) headers["x-request-id"] = requestId;
      if (idempotencyKey !== undefined && method === "post")
        headers["idempotency-key"] = idempotencyKey.replace(/[^\x20-\x7e]/g, "k");
      if (sent.body !== undefined) headers["content-type"] = sent.contentType ?? "application/json";
      return {
        path: `${path}${search.size > 0 ? `?${search}` : ""}`,
        as: as as Sent["as"],
        headers,
        ...(sent.body !== undefined ? { body: sent.body } : {}),
      };
    });
}

describe("every operation of openapi.yaml, with generated valid and invalid input", () => {
  it("answers no 5xx, only declared statuses, and bodies valid against their schema", async () => {
    const document = h.spec.document;
    const seen: Record<string, Set<number>> = {};
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of ["get", "post", "patch", "delete"]) {
        const operation = item[method] as Json | undefined;
        if (!operation) continue;
        const name = `${method.toUpperCase()} ${template}`;
        seen[name] = new Set();
        await refill();
        await fc.assert(
          fc.asyncProperty(requestFor(document, template, method, operation), async (sent) => {
            // The harness throws ContractViolation for an undeclared status or a body off its schema.
            const res = await h.request(method.toUpperCase(), sent.path, {
              as: sent.as,
              headers: sent.headers,
              ...(sent.body !== undefined ? { body: sent.body } : {}),
            });
            expect(res.status, `${name} ${sent.path}`).toBeLessThan(500);
            expect(res.operation).toBe(name);
            expect(res.headers.get("x-request-id")).toBeTruthy();
            seen[name]?.add(res.status);
          }),
          { seed: SEED, numRuns: runsFor(operation), endOnFailure: true },
        );
      }
    }
    // With the default seed the generators reach both sides of every operation, some success and some
    // refusal, so the property above is not vacuous. (Another seed may miss a rare success, e.g. the one
    // suspended plant reactivated; that says nothing about the server.)
    if (SEED !== DEFAULT_SEED) return;
    for (const [name, statuses] of Object.entries(seen)) {
      expect(
        [...statuses].some((s) => s < 300),
        `${name} reached a success: ${[...statuses]}`,
      ).toBe(true);
      expect(
        [...statuses].some((s) => s >= 400),
        `${name} reached a refusal: ${[...statuses]}`,
      ).toBe(true);
    }
  }, 60_000);
});
