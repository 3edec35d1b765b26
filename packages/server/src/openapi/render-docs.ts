/** Renders the OpenAPI document as one self-contained HTML reference page (no scripts, no network). */
import type { OpenApiDocument } from "./spec.ts";

type Schema = Record<string, unknown>;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

/** The little Markdown the spec uses: paragraphs, fenced code, tables, inline code and bold. */
export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] as string;
    if (line.startsWith("```")) {
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++)
        code.push(lines[i] as string);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
    } else if (line.trim().startsWith("|")) {
      const rows: string[][] = [];
      for (; i < lines.length && (lines[i] as string).trim().startsWith("|"); i++) {
        const cells = (lines[i] as string)
          .trim()
          .replace(/^\||\|$/g, "")
          .split("|")
          .map((cell) => cell.trim());
        if (!cells.every((cell) => /^:?-+:?$/.test(cell))) rows.push(cells);
      }
      const [head = [], ...body] = rows;
      out.push(
        `<table><thead><tr>${head.map((cell) => `<th>${inline(cell)}</th>`).join("")}</tr></thead><tbody>` +
          body.map((row) => `<tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join("")}</tr>`).join("") +
          "</tbody></table>",
      );
    } else if (line.trim() === "") {
      i++;
    } else {
      const paragraph: string[] = [];
      for (
        ;
        i < lines.length && (lines[i] as string).trim() !== "" && !/^(```|\s*\|)/.test(lines[i] as string);
        i++
      ) {
        paragraph.push(lines[i] as string);
      }
      out.push(`<p>${inline(paragraph.join(" "))}</p>`);
    }
  }
  return out.join("\n");
}

function refName(schema: Schema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

function resolve(document: OpenApiDocument, value: unknown): Schema {
  let schema = (value ?? {}) as Schema;
  for (let depth = 0; typeof schema.$ref === "string" && depth < 10; depth++) {
    const [, , section = "", name = ""] = schema.$ref.split("/");
    schema = ((document.components?.[section] as Record<string, Schema> | undefined)?.[name] ?? {}) as Schema;
  }
  return schema;
}

/** A short type label: `Plant`, `string (uuid)`, `string | null`, `array of Alert`. */
function typeLabel(schema: Schema): string {
  const name = refName(schema);
  if (name) return `<a href="#schema-${name}">${name}</a>`;
  for (const combiner of ["oneOf", "anyOf", "allOf"] as const) {
    const parts = schema[combiner];
    if (Array.isArray(parts))
      return parts.map((part) => typeLabel(part as Schema)).join(combiner === "allOf" ? " & " : " | ");
  }
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [String(schema.type)]
      : [];
  const labels = types.map((type) =>
    type === "array" && schema.items ? `array of ${typeLabel(schema.items as Schema)}` : type,
  );
  const label = labels.join(" | ") || (schema.const !== undefined ? JSON.stringify(schema.const) : "any");
  return typeof schema.format === "string" ? `${label} (${schema.format})` : label;
}

function constraints(schema: Schema): string {
  const facts: string[] = [];
  if (Array.isArray(schema.enum))
    facts.push(`one of ${schema.enum.map((v) => `<code>${escapeHtml(String(v))}</code>`).join(", ")}`);
  for (const [key, label] of [
    ["minLength", "min length"],
    ["maxLength", "max length"],
    ["minimum", "min"],
    ["maximum", "max"],
    ["pattern", "pattern"],
    ["default", "default"],
  ] as const) {
    if (schema[key] !== undefined) facts.push(`${label} <code>${escapeHtml(String(schema[key]))}</code>`);
  }
  return facts.join("; ");
}

function propertiesTable(document: OpenApiDocument, schema: Schema): string {
  const own = resolve(document, schema);
  const parts = Array.isArray(own.allOf)
    ? (own.allOf as Schema[]).map((part) => resolve(document, part))
    : [own];
  const properties: [string, Schema][] = [];
  const required = new Set<string>();
  for (const part of parts) {
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
    for (const entry of Object.entries((part.properties as Record<string, Schema> | undefined) ?? {})) {
      if (!properties.some(([name]) => name === entry[0])) properties.push(entry);
    }
  }
  if (properties.length === 0) return "";
  const rows = properties.map(([name, property]) => {
    const description = typeof property.description === "string" ? inline(property.description) : "";
    const facts = constraints(property);
    return `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? " <em>required</em>" : ""}</td><td>${typeLabel(property)}</td><td>${description}${facts ? `<br><small>${facts}</small>` : ""}</td></tr>`;
  });
  return `<table><thead><tr><th>field</th><th>type</th><th>about</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderOperation(
  document: OpenApiDocument,
  path: string,
  method: string,
  operation: Schema,
  shared: Schema[],
): string {
  const id = String(operation.operationId ?? `${method}-${path}`);
  const parameters = [...shared, ...((operation.parameters as Schema[] | undefined) ?? [])].map((p) =>
    resolve(document, p),
  );
  const body = resolve(document, operation.requestBody);
  const bodySchema = (body.content as Record<string, { schema?: Schema }> | undefined)?.["application/json"]
    ?.schema;
  const responses = Object.entries((operation.responses as Record<string, Schema> | undefined) ?? {});
  return `<section class="operation" id="${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p class="summary">${inline(String(operation.summary ?? ""))}${operation["x-voke-role"] ? ` <span class="role">role: ${escapeHtml(String(operation["x-voke-role"]))}</span>` : ""}</p>
${typeof operation.description === "string" ? renderMarkdown(operation.description) : ""}
${
  parameters.length > 0
    ? `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>about</th></tr></thead><tbody>${parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p.name))}</code>${p.required ? " <em>required</em>" : ""}</td><td>${escapeHtml(String(p.in))}</td><td>${typeLabel((p.schema ?? {}) as Schema)}</td><td>${inline(String(p.description ?? ""))}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${bodySchema ? `<h4>Request body</h4><p>${typeLabel(bodySchema)}</p>${propertiesTable(document, bodySchema)}` : ""}
<h4>Responses</h4><table><thead><tr><th>status</th><th>about</th><th>body</th></tr></thead><tbody>${responses
    .map(([status, response]) => {
      const resolved = resolve(document, response);
      const schema = (resolved.content as Record<string, { schema?: Schema }> | undefined)?.[
        "application/json"
      ]?.schema;
      return `<tr><td>${escapeHtml(status)}</td><td>${inline(String(resolved.description ?? ""))}</td><td>${schema ? typeLabel(schema) : ""}</td></tr>`;
    })
    .join("")}</tbody></table>
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;display:flex}
nav{width:260px;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f6f8;padding:16px;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#1d232a;text-decoration:none;padding:2px 0}nav h2{font-size:13px;text-transform:uppercase;margin:16px 0 4px}
main{padding:24px 40px;max-width:980px;min-width:0}code{background:#eef1f4;padding:1px 4px;border-radius:3px;font-size:13px}
pre{background:#1d232a;color:#e8edf2;padding:12px;overflow:auto;border-radius:6px}pre code{background:none;color:inherit}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}.operation{border-top:1px solid #d8dee4;padding-top:8px;margin-top:24px}
.method{display:inline-block;min-width:58px;text-align:center;color:#fff;border-radius:4px;padding:1px 6px;font-size:12px}
.get{background:#2f81f7}.post{background:#1f883d}.patch{background:#bf8700}.put{background:#8250df}.delete{background:#cf222e}
.role{font-size:12px;background:#eef1f4;border-radius:10px;padding:1px 8px}`;

/**
 * The whole reference as one HTML page.
 *
 * @example c.html(renderApiReference(spec.document))
 */
export function renderApiReference(document: OpenApiDocument): string {
  const operations: { tag: string; html: string; id: string; label: string }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const shared = ((item.parameters as Schema[] | undefined) ?? []) as Schema[];
    for (const method of METHODS) {
      const operation = item[method] as Schema | undefined;
      if (!operation) continue;
      const tag = ((operation.tags as string[] | undefined) ?? ["Other"])[0] ?? "Other";
      const id = String(operation.operationId ?? `${method}-${path}`);
      operations.push({
        tag,
        id,
        label: `${method.toUpperCase()} ${path.replace("/api/v1", "")}`,
        html: renderOperation(document, path, method, operation, shared),
      });
    }
  }
  const tags = [...(document.tags ?? []).map((tag) => tag.name), ...operations.map((op) => op.tag)].filter(
    (tag, index, all) => all.indexOf(tag) === index,
  );
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>);
  const title = escapeHtml(document.info.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} ${escapeHtml(document.info.version)} — reference</title><style>${STYLE}</style></head>
<body><nav><strong>${title}</strong> <small>${escapeHtml(document.info.version)}</small>
${tags
  .map(
    (tag) =>
      `<h2>${escapeHtml(tag)}</h2>${operations
        .filter((op) => op.tag === tag)
        .map((op) => `<a href="#${escapeHtml(op.id)}">${escapeHtml(op.label)}</a>`)
        .join("")}`,
  )
  .join("")}
<h2>Schemas</h2>${schemas.map(([name]) => `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`).join("")}
<h2>Files</h2><a href="/openapi.yaml">openapi.yaml</a></nav>
<main><h1>${title}</h1>${document.info.summary ? `<p>${inline(document.info.summary)}</p>` : ""}
${document.info.description ? renderMarkdown(document.info.description) : ""}
${tags
  .map((tag) => {
    const about = document.tags?.find((t) => t.name === tag)?.description;
    return `<h2>${escapeHtml(tag)}</h2>${about ? `<p>${inline(about)}</p>` : ""}${operations
      .filter((op) => op.tag === tag)
      .map((op) => op.html)
      .join("\n")}`;
  })
  .join("\n")}
<h2>Schemas</h2>
${schemas
  .map(
    ([name, schema]) =>
      `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${
        typeof schema.description === "string" ? renderMarkdown(schema.description) : ""
      }<p>${typeLabel(schema)}${constraints(schema) ? ` — ${constraints(schema)}` : ""}</p>${propertiesTable(document, schema)}</section>`,
  )
  .join("\n")}
</main></body></html>`;
}
