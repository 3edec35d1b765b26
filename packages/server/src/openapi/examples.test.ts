/**
 * Every operation of openapi.yaml carries an example of its request body (when it takes one) and of its
 * main response, and each example is valid against the schema it illustrates.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { describe, expect, it } from "vitest";
import { createResponseValidator } from "../test-support/openapi-validator.ts";
import { loadOpenApiSpec } from "./spec.ts";

type Json = Record<string, unknown>;
const { document } = loadOpenApiSpec();
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document as unknown as Json, "openapi.json");
const responses = createResponseValidator(document);

function resolve(node: unknown): Json {
  let value = node as Json;
  while (value && typeof value.$ref === "string") {
    value = (value.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((inner, key) => (inner as Json)?.[key], document) as Json;
  }
  return value;
}

/** The example values of a media type object: `example`, or each of `examples` (following $refs). */
function examplesOf(media: Json | undefined): unknown[] {
  if (!media) return [];
  if ("example" in media) return [media.example];
  return Object.values((media.examples as Json | undefined) ?? {}).map((example) => resolve(example).value);
}

const operations = Object.entries(document.paths).flatMap(([template, item]) =>
  ["get", "post", "patch", "delete"]
    .filter((method) => item[method])
    .map((method) => ({ template, method, operation: item[method] as Json })),
);

describe("openapi.yaml examples", () => {
  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.template}`, o] as const))(
    "%s has a valid request and main response example",
    (_name, { template, method, operation }) => {
      const body = operation.requestBody as Json | undefined;
      if (body) {
        const media = (resolve(body).content as Json)["application/json"] as Json;
        const values = examplesOf(media);
        expect(values.length, "request example").toBeGreaterThan(0);
        const validate = ajv.compile({
          $ref: `openapi.json#/paths/${template.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}/requestBody/content/application~1json/schema`,
        });
        for (const value of values) expect(validate(value) ? [] : validate.errors).toEqual([]);
      }
      const [status, declared] =
        Object.entries(operation.responses as Json).find(([s]) => s.startsWith("2")) ?? [];
      const response = resolve(declared);
      const media = (response.content as Json | undefined)?.["application/json"] as Json | undefined;
      if (!media) return; // a 204 has nothing to illustrate
      const values = examplesOf(media);
      expect(values.length, "main response example").toBeGreaterThan(0);
      for (const value of values) {
        const headers = new Headers({ "x-request-id": "example" });
        if (template.endsWith("/provision/download"))
          headers.set("content-disposition", 'attachment; filename="voke-SN-001.json"');
        const check = responses.check({
          method,
          path: template.replace(/\{[^}]+\}/g, "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5"),
          status: Number(status),
          headers,
          body: JSON.stringify(value),
        });
        expect(check.problems).toEqual([]);
      }
    },
  );
});
