/**
 * Builds the page served at /docs: Redoc (shipped inside @redocly/cli, from npm) pre-rendered with
 * openapi.yaml, its scripts inlined so the page needs no CDN, Redocly's telemetry off, and hash routing
 * (`/docs#/plants/createplant`) so one static file serves every page. Written to dist/api-reference.html
 * by `pnpm build`; checked here so a page that would reach the network never ships.
 *
 * Usage: node scripts/build-api-reference.ts [spec] [output]
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const spec = process.argv[2] ?? fileURLToPath(new URL("../../../openapi.yaml", import.meta.url));
const output = process.argv[3] ?? fileURLToPath(new URL("../dist/api-reference.html", import.meta.url));
const redocly = fileURLToPath(new URL("../node_modules/.bin/redocly", import.meta.url));

const run = spawnSync(
  redocly,
  [
    "build-docs",
    spec,
    "--inlineBundle",
    "--title",
    "Voke API reference",
    "--openapi.router=hash",
    "--output",
    output,
  ],
  {
    encoding: "utf8",
    // The page's options are baked in at build time; this is the switch Redocly reads for telemetry.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  throw new Error(`redocly build-docs failed (exit ${run.status})`);
}

// The "API docs by Redocly" badge loads its logo from Redocly's CDN; "data:," fails to load at once and
// Redoc then hides the image, so the page asks no other host for anything.
const html = readFileSync(output, "utf8").replace(
  /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g,
  "data:,",
);
writeFileSync(output, html);
const problems = [
  /<script[^>]+\bsrc=/i.test(html) && "loads a script from a URL",
  /<link[^>]+\bhref=["']?https?:/i.test(html) && "links a stylesheet or font from the network",
  !html.includes('"disableTelemetry":true') && "has Redocly's telemetry on",
  /cdn\.redoc\.ly|fonts\.(googleapis|gstatic)\.com/.test(html) && "still names a CDN",
].filter(Boolean);
if (problems.length > 0) throw new Error(`${output}: the API reference ${problems.join(", ")}`);
console.log(`api reference: ${output} (${Math.round(html.length / 1024)} KiB, self-contained)`);
