/**
 * Second, independent check of openapi.yaml (besides `redocly lint`): validates the document
 * against the official OpenAPI 3.1 JSON Schema, resolves every $ref, and checks the rules this
 * project adds (operationId, summary, tags and x-voke-role on each operation; Idempotency-Key on
 * every POST; X-Request-Id on every response; an example of each request body and main response; a
 * description on every schema). Whether each example fits its schema is checked by
 * packages/server/src/openapi/examples.test.ts, which has the JSON Schema validator at hand.
 */
import { readFile } from "node:fs/promises";
import { Validator } from "@seriousme/openapi-schema-validator";
import { parse } from "yaml";

const specPath = new URL("../openapi.yaml", import.meta.url);
const text = await readFile(specPath, "utf8");
const validator = new Validator();
const result = await validator.validate(parse(text));
const problems: string[] = [];
if (!result.valid) {
  problems.push(
    `not a valid OpenAPI ${validator.version} document:\n${JSON.stringify(result.errors, null, 2)}`,
  );
}

type Json = Record<string, unknown>;
const spec = parse(text) as Json;
const resolve = (node: unknown): Json => {
  let n = node as Json;
  while (n && typeof n.$ref === "string") {
    const parts = (n.$ref as string).replace(/^#\//, "").split("/");
    n = parts.reduce<Json>((acc, key) => acc?.[key] as Json, spec);
    if (!n) problems.push(`unresolvable $ref ${String(node && (node as Json).$ref)}`);
  }
  return n;
};

const methods = ["get", "post", "put", "patch", "delete"];
let operations = 0;
for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
  for (const method of methods) {
    const op = item[method] as Json | undefined;
    if (!op) continue;
    operations++;
    const where = `${method.toUpperCase()} ${path}`;
    for (const key of ["operationId", "summary", "tags", "x-voke-role"]) {
      if (!op[key]) problems.push(`${where}: missing ${key}`);
    }
    const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map(
      resolve,
    );
    if (method === "post" && !params.some((p) => p.in === "header" && p.name === "Idempotency-Key")) {
      problems.push(`${where}: POST without the Idempotency-Key header`);
    }
    const hasExample = (media: Json | undefined) =>
      media !== undefined && ("example" in media || Object.keys((media.examples as Json) ?? {}).length > 0);
    const requestMedia = (resolve(op.requestBody ?? {}).content as Json | undefined)?.["application/json"] as
      | Json
      | undefined;
    if (op.requestBody && !hasExample(requestMedia))
      problems.push(`${where}: request body without an example`);
    const main = Object.entries(op.responses as Json).find(([status]) => status.startsWith("2"));
    const mainMedia = main
      ? ((resolve(main[1]).content as Json | undefined)?.["application/json"] as Json | undefined)
      : undefined;
    if (main && mainMedia && !hasExample(mainMedia))
      problems.push(`${where} ${main[0]}: response without an example`);
    for (const [status, response] of Object.entries(op.responses as Json)) {
      const headers = (resolve(response).headers ?? {}) as Json;
      if (!headers["X-Request-Id"]) problems.push(`${where} ${status}: no X-Request-Id header`);
    }
  }
}

const schemas = ((spec.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
for (const [name, schema] of Object.entries(schemas)) {
  if (typeof schema.description !== "string" || schema.description.trim() === "") {
    problems.push(`components.schemas.${name}: no description`);
  }
}

if (problems.length > 0) {
  console.error(`openapi.yaml: ${problems.length} problem(s)\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`openapi.yaml: valid OpenAPI ${validator.version}, ${operations} operations checked`);
