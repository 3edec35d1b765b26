import { describe, expect, it } from "vitest";
import { renderApiReference, renderMarkdown } from "./render-docs.ts";
import type { OpenApiDocument } from "./spec.ts";

describe("renderMarkdown", () => {
  it("renders paragraphs, fenced code, tables, inline code and bold, escaping HTML", () => {
    const html = renderMarkdown(
      "**Auth.** Send `Bearer <token>`.\nSecond line.\n\n```\nA --> B\n```\n\n| role | may |\n| --- | --- |\n| `viewer` | read |",
    );
    expect(html).toBe(
      [
        "<p><strong>Auth.</strong> Send <code>Bearer &#60;token&#62;</code>. Second line.</p>",
        "<pre><code>A --&#62; B</code></pre>",
        "<table><thead><tr><th>role</th><th>may</th></tr></thead><tbody><tr><td><code>viewer</code></td><td>read</td></tr></tbody></table>",
      ].join("\n"),
    );
  });
});

describe("renderApiReference", () => {
  it("links operations and schemas and shows fields, roles and constraints", () => {
    const document: OpenApiDocument = {
      openapi: "3.1.0",
      info: { title: "Demo <API>", version: "2" },
      tags: [{ name: "Things", description: "All the things." }],
      paths: {
        "/api/v1/things": {
          post: {
            operationId: "createThing",
            summary: "Create a thing",
            tags: ["Things"],
            "x-voke-role": "admin",
            requestBody: {
              content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
            },
            responses: {
              "201": {
                description: "Created",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: "object",
            required: ["name"],
            properties: {
              name: { type: "string", maxLength: 10, description: "The name." },
              kind: { type: ["string", "null"], enum: ["A", "B", null] },
            },
          },
        },
      },
    };
    const html = renderApiReference(document);
    expect(html).toContain("<title>Demo &#60;API&#62; 2 — reference</title>");
    expect(html).toContain('<a href="#createThing">POST /things</a>');
    expect(html).toContain('<section class="operation" id="createThing">');
    expect(html).toContain('<span class="role">role: admin</span>');
    expect(html).toContain('<a href="#schema-Thing">Thing</a>');
    expect(html).toContain(
      "<td><code>name</code> <em>required</em></td><td>string</td><td>The name.<br><small>max length <code>10</code></small></td>",
    );
    expect(html).toContain("string | null");
    expect(html).not.toContain("<script");
  });
});
