/** Finds and parses the API contract, openapi.yaml, that the server serves and documents. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export interface OpenApiSpec {
  /** The YAML exactly as written. */
  text: string;
  document: OpenApiDocument;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [extension: string]: unknown;
}

// The package's own copy (published packages) first, then the repository's contract (a source checkout).
const CANDIDATES = ["../../openapi.yaml", "../../../../openapi.yaml"];

/** The path of openapi.yaml next to this package or at the repository root. */
export function findOpenApiSpecPath(): string {
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("openapi.yaml not found next to @voke/server or at the repository root");
}

/**
 * Reads and parses the spec.
 *
 * @example const spec = loadOpenApiSpec(); spec.document.paths["/api/v1/plants"]
 */
export function loadOpenApiSpec(path: string = findOpenApiSpecPath()): OpenApiSpec {
  const text = readFileSync(path, "utf8");
  const document = parse(text) as OpenApiDocument;
  if (typeof document?.openapi !== "string" || typeof document.paths !== "object") {
    throw new Error(`${path} is not an OpenAPI document`);
  }
  return { text, document };
}
