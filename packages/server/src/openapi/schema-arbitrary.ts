/**
 * fast-check arbitraries from openapi.yaml's JSON Schemas: values a schema accepts, and values made to
 * break it (a field dropped, an unknown field, a wrong type, anything at all). For the contract
 * property test; kept to the schema features openapi.yaml uses.
 */
import fc from "fast-check";

type Json = Record<string, unknown>;

/** Follows `$ref`s inside `document`. */
export function resolveRef(document: unknown, node: unknown): Json {
  let value = node as Json;
  for (let depth = 0; value && typeof value.$ref === "string" && depth < 20; depth++) {
    value = (value.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((inner, key) => (inner as Json | undefined)?.[key], document) as Json;
  }
  return value ?? {};
}

const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", " ", "__proto__", "constructor", "../..", "%00", "\u0000", "null", "-1", "1e309", "💥"),
);

/** Any JSON value, nested a little, with awkward keys and numbers. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e300),
    nastyText,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(nastyText, tie("value"), { maxKeys: 4 }),
  ),
})).value;

function typesOf(schema: Json): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === "string") return [schema.type];
  if (schema.enum) return [];
  return ["object"];
}

/** Values `schema` accepts (a generous subset: enough to reach every rule behind it). */
export function validValue(document: unknown, node: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(document, node);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.allOf)) return validValue(document, (schema.allOf as unknown[])[0], depth);
  const choices = typesOf(schema).map((type) => validOfType(document, schema, type, depth));
  return choices.length === 1 ? (choices[0] as fc.Arbitrary<unknown>) : fc.oneof(...choices);
}

function validOfType(document: unknown, schema: Json, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1_000_000,
        max: (schema.maximum as number | undefined) ?? 1_000_000,
      });
    case "number":
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1e9,
        max: (schema.maximum as number | undefined) ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "string":
      return validString(schema);
    case "array":
      return fc.array(validValue(document, schema.items ?? {}, depth + 1), { maxLength: 3 });
    default:
      return validObject(document, schema, depth);
  }
}

function validString(schema: Json): fc.Arbitrary<string> {
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date-time") {
    // Ahead of the test clock, so an expiry is in the future.
    return fc
      .date({
        min: new Date("2026-01-01T00:00:00Z"),
        max: new Date("2099-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 60);
  return fc
    .string({ unit: "grapheme-ascii", minLength: Math.max(minLength, 1), maxLength })
    .filter((text) => text.trim().length >= minLength);
}

function validObject(document: unknown, schema: Json, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties as Record<string, unknown> | undefined) ?? {};
  if (Object.keys(properties).length === 0) {
    return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const shape = Object.fromEntries(
    Object.entries(properties).map(([name, inner]) => [name, validValue(document, inner, depth + 1)]),
  );
  return fc.record(shape, {
    requiredKeys: Object.keys(shape).filter((name) => required.has(name)),
  });
}

/** Values meant to break `schema`: a valid object with one thing wrong, or anything at all. */
export function invalidValue(document: unknown, node: unknown): fc.Arbitrary<unknown> {
  const schema = resolveRef(document, node);
  const properties = Object.keys((schema.properties as Json | undefined) ?? {});
  const base = validValue(document, schema) as fc.Arbitrary<Record<string, unknown>>;
  const broken: fc.Arbitrary<unknown>[] = [anyJson];
  if (properties.length > 0) {
    broken.push(
      fc.tuple(base, fc.constantFrom(...properties)).map(([value, name]) => {
        const copy = { ...value };
        delete copy[name];
        return copy;
      }),
      fc.tuple(base, fc.constantFrom(...properties), anyJson).map(([value, name, wrong]) => ({
        ...value,
        [name]: wrong,
      })),
      fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([value, name, extra]) => ({
        ...value,
        [`x${name}`]: extra,
      })),
    );
  }
  return fc.oneof(...broken);
}
