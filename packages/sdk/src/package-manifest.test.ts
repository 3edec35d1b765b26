// What `npm i @voke/sdk` brings along is decided here, in package.json: one runtime dependency, undici
// only as an optional peer (for @voke/sdk/node behind a proxy), and no device helper (that is @voke/device,
// which carries mqtt). bench/sdk-size.ts measures the install; this keeps the manifest from drifting back.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports: Record<string, unknown>;
}

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as Manifest;

test("the SDK's runtime dependencies are openapi-fetch and eventsource-parser (the event stream), both small", () => {
  expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(["eventsource-parser", "openapi-fetch"]);
});

test("undici is an optional peer dependency", () => {
  expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(["undici"]);
  expect(manifest.peerDependenciesMeta?.undici?.optional).toBe(true);
});

test("the SDK exports the REST client and its Node entry, not the device helper", () => {
  expect(Object.keys(manifest.exports).sort()).toEqual([".", "./node", "./package.json"]);
});
