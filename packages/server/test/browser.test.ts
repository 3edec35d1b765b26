/**
 * The SDK in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * loads examples/browser from its own origin and lists and creates plants on the real server process
 * with CORS on; then /docs renders the API reference without reaching any other host.
 * Needs `pnpm build` (the page bundles the SDK's dist/; /docs is built into the server's dist/).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVokeClient } from "@voke/sdk";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ExampleServer, startExampleServer } from "../../../examples/browser/serve.ts";
import { requireTool } from "./required-tool.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";

const CHROMIUM = "/usr/bin/chromium";
requireTool(CHROMIUM, "chromium");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TOKEN = "voke_browser_test_admin_token_0001";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

let dir: string;
let example: ExampleServer;
let server: ServerProcess;
let browser: BrowserContext;
/** Every URL the browser asked for, from any page. */
const requested: string[] = [];
/** Console errors and failed requests, e.g. a CORS or CSP refusal. */
const problems: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "voke-browser-"));
  example = await startExampleServer();
  server = await startServerProcess(join(dir, "data"), {
    VOKE_BOOTSTRAP_TOKEN: TOKEN,
    VOKE_CORS_ORIGINS: example.origin,
    VOKE_LOG_LEVEL: "warn",
  });
  browser = await chromium.launchPersistentContext(join(dir, "chromium-profile"), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  browser.on("request", (request) => {
    requested.push(request.url());
  });
  browser.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  browser.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await example?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plantNames(page: Page): Promise<string[]> {
  return page
    .locator("#plants li")
    .evaluateAll((items) => items.map((li) => li.firstChild?.textContent ?? ""));
}

describe("@voke/sdk in headless Chromium", () => {
  test("a page on another origin lists and creates plants on the real server (CORS)", async () => {
    const seeded = await createVokeClient({ baseUrl: server.httpUrl, token: TOKEN }).plants.create({
      name: "Seeded from Node",
      serialNumber: "SN-BROWSER-1",
      type: "SENSOR",
    });
    const page = await browser.newPage();
    await page.goto(example.origin);
    await page.fill("#api-url", server.httpUrl);
    await page.fill("#token", TOKEN);
    await page.click("#connect button");
    await page.locator("#status", { hasText: "1 plant" }).waitFor({ timeout: 10_000 });
    expect(await plantNames(page)).toEqual(["Seeded from Node"]);

    await page.fill("#name", "Made in the browser");
    await page.fill("#serial-number", "SN-BROWSER-2");
    await page.selectOption("#type", "GATEWAY");
    await page.click("#create button");
    await page.locator("#status", { hasText: "Created SN-BROWSER-2" }).waitFor({ timeout: 10_000 });
    expect(await plantNames(page)).toEqual(["Seeded from Node", "Made in the browser"]);

    // The server really stored it: read back from Node, outside the browser.
    const stored = await createVokeClient({ baseUrl: server.httpUrl, token: TOKEN }).plants.list();
    expect(stored.data.map((p) => p.serialNumber)).toEqual([seeded.serialNumber, "SN-BROWSER-2"]);
    expect(stored.data[1]?.type).toBe("GATEWAY");

    // An API error reaches the page readable, code and request id included (exposed headers).
    await page.fill("#name", "Duplicate");
    await page.fill("#serial-number", "SN-BROWSER-2");
    await page.click("#create button");
    await page.locator("#status.error", { hasText: "PLANT_ALREADY_EXISTS" }).waitFor({ timeout: 10_000 });
    expect(await page.locator("#status").textContent()).toMatch(/\(request [0-9a-f-]{36}\)/);
    await page.close();
    expect(problems.filter((p) => !p.includes("409"))).toEqual([]);
  });

  test("/docs renders the API reference with the spec's examples and asks no other host for anything", async () => {
    const page = await browser.newPage();
    const before = requested.length;
    await page.goto(`${server.httpUrl}/docs`);
    // The overview, from the spec's description, then an operation's page with its response example.
    await page.getByText("Every response carries X-Request-Id").first().waitFor({ timeout: 15_000 });
    await page.goto(`${server.httpUrl}/docs#/plants/createplant`);
    await page.getByText("Create a new plant").first().waitFor({ timeout: 10_000 });
    await page.goto(`${server.httpUrl}/docs#/plants/suspendplant`);
    await page.getByText('"Plant suspended"').first().waitFor({ timeout: 10_000 });
    const external = requested.slice(before).filter((url) => {
      const { protocol, host, hostname } = new URL(url);
      if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return false;
      return !LOCAL_HOSTS.has(hostname) && !LOCAL_HOSTS.has(host);
    });
    expect(external).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
    await page.close();
  });
});
