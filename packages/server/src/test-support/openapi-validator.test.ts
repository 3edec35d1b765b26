import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../openapi/spec.ts";
import { createResponseValidator } from "./openapi-validator.ts";

const document: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/things/{id}": {
      get: {
        responses: {
          "200": {
            description: "ok",
            headers: { "X-Request-Id": { $ref: "#/components/headers/RequestId" } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
      delete: { responses: { "204": { description: "gone" } } },
    },
    "/things/special": {
      get: {
        responses: {
          "200": { description: "ok", content: { "application/json": { schema: { type: "array" } } } },
        },
      },
    },
  },
  components: {
    headers: { RequestId: { required: true, schema: { type: "string", minLength: 3 } } },
    responses: {
      NotFound: {
        description: "missing",
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["code"],
              properties: { code: { type: "string", enum: ["THING_NOT_FOUND"] } },
            },
          },
        },
      },
    },
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "at", "tag"],
        properties: {
          id: { type: "string", format: "uuid" },
          at: { type: "string", format: "date-time" },
          tag: { type: ["string", "null"] },
        },
      },
    },
  },
};

const validator = createResponseValidator(document);
const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const check = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = { "x-request-id": "abc" },
) =>
  validator.check({
    method,
    path,
    status,
    headers: new Headers(headers),
    body: body === undefined ? "" : JSON.stringify(body),
  });

describe("createResponseValidator", () => {
  it("accepts a conforming response and names its operation", () => {
    expect(check("GET", `/things/${ID}?x=1`, 200, { id: ID, at: "2025-01-01T00:00:00Z", tag: null })).toEqual(
      {
        operation: "GET /things/{id}",
        problems: [],
      },
    );
  });

  it("prefers literal path segments over parameters", () => {
    expect(check("GET", "/things/special", 200, []).operation).toBe("GET /things/special");
  });

  it("reports a missing required field, a wrong type and a bad format", () => {
    const { problems } = check("GET", `/things/${ID}`, 200, { id: "nope", at: 5 });
    expect(problems.join("\n")).toMatch(/must have required property 'tag'/);
    expect(problems.join("\n")).toMatch(/\/id must match format "uuid"/);
    expect(problems.join("\n")).toMatch(/\/at must be string/);
  });

  it("follows response $refs and checks error codes against their enum", () => {
    expect(check("GET", `/things/${ID}`, 404, { code: "THING_NOT_FOUND" }).problems).toEqual([]);
    expect(check("GET", `/things/${ID}`, 404, { code: "NOT_FOUND" }).problems[0]).toMatch(/allowed values/);
  });

  it("reports an undeclared status, an unknown operation, a missing required header and an unexpected body", () => {
    expect(check("GET", `/things/${ID}`, 418, {}).problems).toEqual([
      "status 418 is not declared for GET /things/{id}",
    ]);
    expect(check("POST", "/things", 200, {}).problems).toEqual(["no operation POST /things in openapi.yaml"]);
    expect(
      check("GET", `/things/${ID}`, 200, { id: ID, at: "2025-01-01T00:00:00Z", tag: "x" }, {}).problems,
    ).toEqual(["required header X-Request-Id is missing"]);
    expect(
      check(
        "GET",
        `/things/${ID}`,
        200,
        { id: ID, at: "2025-01-01T00:00:00Z", tag: "x" },
        { "x-request-id": "a" },
      ).problems[0],
    ).toMatch(/header X-Request-Id: .*fewer than 3/);
    expect(check("DELETE", `/things/${ID}`, 204, { surprise: true }).problems[0]).toMatch(/declares no body/);
    expect(check("DELETE", `/things/${ID}`, 204, undefined).problems).toEqual([]);
  });

  it("reports a body that is not JSON", () => {
    const result = validator.check({
      method: "GET",
      path: "/things/special",
      status: 200,
      headers: new Headers(),
      body: "<html>",
    });
    expect(result.problems).toEqual(["body is not JSON: <html>"]);
  });

  it("lists every operation", () => {
    expect(validator.operations().sort()).toEqual([
      "DELETE /things/{id}",
      "GET /things/special",
      "GET /things/{id}",
    ]);
  });
});
