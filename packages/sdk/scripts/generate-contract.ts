/**
 * Writes src/generated/contract.ts from openapi.yaml: every string enum of components.schemas as a const
 * list, and every request schema's field limits (lengths, ranges, patterns). Server validation, CLI choices and the
 * device package's checks import these, so the spec is the one place they are written.
 * `--check` fails instead of writing when the file is not what the spec gives (run by `pnpm spec:check`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

interface SchemaObject {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

const LIMIT_KEYWORDS = ["minLength", "maxLength", "minimum", "maximum"] as const;

const specUrl = new URL("../../../openapi.yaml", import.meta.url);
const outUrl = new URL("../src/generated/contract.ts", import.meta.url);

/** PlantType → PLANT_TYPE; CreatePlantRequest → CREATE_PLANT_REQUEST. */
function constantCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

function enumLists(schemas: Record<string, SchemaObject>): string[] {
  return Object.entries(schemas)
    .filter(([, schema]) => schema.type === "string" && Array.isArray(schema.enum))
    .map(([name, schema]) => {
      const values = (schema.enum as unknown[]).map((value) => JSON.stringify(value)).join(", ");
      return `/** openapi.yaml ${name}. */\nexport const ${constantCase(name)}_VALUES = [${values}] as const;\n`;
    });
}

function requestLimits(schemas: Record<string, SchemaObject>): string[] {
  const blocks: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.endsWith("Request")) continue;
    const fields: string[] = [];
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      const limits = LIMIT_KEYWORDS.filter((key) => typeof property[key] === "number").map(
        (key) => `${key}: ${property[key]}`,
      );
      if (typeof property.pattern === "string") limits.push(`pattern: ${JSON.stringify(property.pattern)}`);
      if (limits.length > 0) fields.push(`  ${field}: { ${limits.join(", ")} },\n`);
    }
    if (fields.length === 0) continue;
    blocks.push(
      `/** Field limits of openapi.yaml ${name}. */\nexport const ${constantCase(name)}_LIMITS = {\n${fields.join("")}} as const;\n`,
    );
  }
  return blocks;
}

export function contractSource(specText: string): string {
  const spec = parse(specText) as { components: { schemas: Record<string, SchemaObject> } };
  const schemas = spec.components.schemas;
  const header =
    "// Generated from openapi.yaml by scripts/generate-contract.ts (`pnpm spec:generate`). Do not edit.\n";
  return [header, ...enumLists(schemas), ...requestLimits(schemas)].join("\n");
}

const expected = contractSource(readFileSync(specUrl, "utf8"));
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(outUrl, "utf8");
  } catch {}
  if (current !== expected) {
    console.error("src/generated/contract.ts is out of date with openapi.yaml: run `pnpm spec:generate`");
    process.exit(1);
  }
  console.log("src/generated/contract.ts matches openapi.yaml");
} else {
  writeFileSync(outUrl, expected);
}
