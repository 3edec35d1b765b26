/**
 * The /docs page: the Redoc reference that `pnpm build` renders from openapi.yaml
 * (scripts/build-api-reference.ts), served as a static asset with a policy that lets it reach nothing
 * but this server.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ApiReferencePage {
  html: string;
  /** Allows exactly the page's own inline scripts (by hash) and no connection to another host. */
  contentSecurityPolicy: string;
}

// From src/openapi/ (a source checkout) and from dist/openapi/ (the published package).
const CANDIDATES = ["../../dist/api-reference.html", "../api-reference.html"];

/** The path of the built page, or undefined when `pnpm build` has not made it yet. */
export function findApiReferencePath(): string | undefined {
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * The content security policy for `html`: its inline scripts by SHA-256, inline styles (Redoc's
 * styled-components write them at run time), images and fonts from the page itself, and fetches (the
 * spec download) only from this server.
 */
export function contentSecurityPolicyFor(html: string): string {
  const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (match) =>
      `'sha256-${createHash("sha256")
        .update(match[1] ?? "")
        .digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(" ")}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Reads the built page. Throws a message saying how to build it when it is missing.
 *
 * @example const page = loadApiReference(); c.html(page.html, 200, { "Content-Security-Policy": page.contentSecurityPolicy })
 */
export function loadApiReference(path: string | undefined = findApiReferencePath()): ApiReferencePage {
  if (path === undefined) {
    throw new Error(
      "the API reference page is not built: run `pnpm build` (it writes dist/api-reference.html)",
    );
  }
  const html = readFileSync(path, "utf8");
  return { html, contentSecurityPolicy: contentSecurityPolicyFor(html) };
}
