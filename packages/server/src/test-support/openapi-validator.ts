/**
 * Checks HTTP responses against openapi.yaml: every operation's declared statuses, JSON bodies (ajv, JSON
 * Schema 2020-12 as OpenAPI 3.1 uses) and required headers, keyed by method + path template.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import type { OpenApiDocument } from "../openapi/spec.ts";

type Json = Record<string, unknown>;

export interface ResponseToCheck {
  method: string;
  /** The request path as sent, e.g. /api/v1/plants/3f…; any query string is ignored. */
  path: string;
  status: number;
  headers: Headers;
  /** The body text ("" when there is none). */
  body: string;
}

export interface ResponseCheck {
  /** `GET /api/v1/plants/{id}` — the operation the response was matched to, when one was. */
  operation: string | undefined;
  /** Every way the response breaks the contract; empty when it conforms. */
  problems: string[];
}

export interface ResponseValidator {
  check(response: ResponseToCheck): ResponseCheck;
  /** Every `METHOD /path/template` the spec declares. */
  operations(): string[];
}

// Validators compile on first use: compiling every schema up front costs half a second per test file.
interface CompiledResponse {
  validateBody: (() => ValidateFunction) | undefined;
  headers: { name: string; required: boolean; validate: (() => ValidateFunction) | undefined }[];
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Map<string, CompiledResponse>;
}

const SPEC_ID = "openapi.json";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// ajv-formats is CommonJS: under NodeNext its default import is typed as the module, but it is the plugin.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;

function pointer(segments: string[]): string {
  return `#/${segments.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}$`);
}

/**
 * Compiles every response schema of `document` once.
 *
 * @example const { problems } = createResponseValidator(spec.document).check({ method, path, status, headers, body });
 */
export function createResponseValidator(document: OpenApiDocument): ResponseValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document as unknown as Json, SPEC_ID);

  // Follows OpenAPI `$ref`s between response/header objects; returns the object and its JSON pointer.
  const follow = (value: unknown, at: string[]): { node: Json; at: string[] } => {
    let node = value as Json;
    let location = at;
    for (let depth = 0; typeof node?.$ref === "string" && depth < 10; depth++) {
      location = (node.$ref as string)
        .replace(/^#\//, "")
        .split("/")
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      node = location.reduce<unknown>((inner, key) => (inner as Json | undefined)?.[key], document) as Json;
    }
    return { node, at: location };
  };
  const compileAt = (at: string[]): (() => ValidateFunction) => {
    let compiled: ValidateFunction | undefined;
    return () => {
      compiled ??= ajv.compile({ $ref: `${SPEC_ID}${pointer(at)}` });
      return compiled;
    };
  };

  const routes: Route[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const responses = new Map<string, CompiledResponse>();
      for (const [status, declared] of Object.entries((operation.responses as Json | undefined) ?? {})) {
        const { node: response, at } = follow(declared, ["paths", template, method, "responses", status]);
        const content = response.content as Json | undefined;
        const json = content?.["application/json"] as Json | undefined;
        const headers = Object.entries((response.headers as Json | undefined) ?? {}).map(([name, header]) => {
          const { node, at: headerAt } = follow(header, [...at, "headers", name]);
          return {
            name,
            required: node.required === true,
            validate: node.schema ? compileAt([...headerAt, "schema"]) : undefined,
          };
        });
        responses.set(status, {
          validateBody: json?.schema
            ? compileAt([...at, "content", "application/json", "schema"])
            : undefined,
          headers,
        });
      }
      routes.push({ method: method.toUpperCase(), template, pattern: templatePattern(template), responses });
    }
  }
  // Literal segments win over parameters (/plants/certificate-stats before /plants/{id}).
  routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  return {
    operations: () => routes.map((route) => `${route.method} ${route.template}`),
    check(response) {
      const path = response.path.split("?")[0] ?? "";
      const method = response.method.toUpperCase();
      const route = routes.find((r) => r.method === method && r.pattern.test(path));
      if (!route)
        return { operation: undefined, problems: [`no operation ${method} ${path} in openapi.yaml`] };
      const operation = `${route.method} ${route.template}`;
      const declared =
        route.responses.get(String(response.status)) ??
        route.responses.get(`${String(response.status)[0]}XX`) ??
        route.responses.get("default");
      if (!declared) {
        return { operation, problems: [`status ${response.status} is not declared for ${operation}`] };
      }
      const problems: string[] = [];
      for (const header of declared.headers) {
        const value = response.headers.get(header.name);
        if (value === null) {
          if (header.required) problems.push(`required header ${header.name} is missing`);
        } else if (header.validate) {
          const validate = header.validate();
          // Header values are text; a numeric schema (Retry-After: integer) describes the number it spells.
          const numeric = /^-?\d+(\.\d+)?$/.test(value) && validate(Number(value));
          if (!numeric && !validate(value))
            problems.push(`header ${header.name}: ${ajv.errorsText(validate.errors)}`);
        }
      }
      if (declared.validateBody) {
        let body: unknown;
        try {
          body = JSON.parse(response.body);
        } catch {
          problems.push(`body is not JSON: ${response.body.slice(0, 200)}`);
          return { operation, problems };
        }
        const validate = declared.validateBody();
        if (!validate(body)) {
          for (const error of validate.errors ?? []) {
            problems.push(
              `body${error.instancePath || ""} ${error.message ?? "is invalid"} ${JSON.stringify(error.params)}`,
            );
          }
        }
      } else if (response.body !== "") {
        problems.push(
          `${operation} ${response.status} declares no body, got: ${response.body.slice(0, 200)}`,
        );
      }
      return { operation, problems };
    },
  };
}
