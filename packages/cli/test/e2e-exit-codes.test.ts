/**
 * Every exit code of the real `voke` bundle, each produced by the case that should produce it against
 * the real server, and the error report on stderr: one line with the API code and request id, or JSON.
 */

import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  serialNumber,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";

let server: E2eServer;
let voke: VokeRunner;
let pendingPlantId: string;
let provisionedPlantId: string;
const serial = serialNumber("EXIT");

/** A request id as the server makes them, in the one-line error report. */
const ERROR_LINE = /^error: ([A-Z_]+): .+ \(request id [\w-]{8,}\)\n$/;

beforeAll(async () => {
  const [started, entry] = await Promise.all([startE2eServer(), buildVoke()]);
  server = started;
  voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
  pendingPlantId = (
    await server.api.plants.create({ name: "Exit codes", serialNumber: serial, type: "SENSOR" })
  ).id;
  const provisioned = await server.api.plants.create({
    name: "Exit codes, provisioned",
    serialNumber: serialNumber("EXIT"),
    type: "GATEWAY",
    authMethod: "PASSWORD",
  });
  await server.api.plants.provision(provisioned.id);
  provisionedPlantId = provisioned.id;
});
afterAll(async () => {
  await server?.stop();
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("exit codes", () => {
  it("0: success, data on stdout and nothing on stderr", async () => {
    const result = await voke.run(["plants", "get", pendingPlantId, "-o", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: pendingPlantId, serialNumber: serial });
    expect(result.stderr).toBe("");
  });

  it("1: the server cannot be reached", async () => {
    const result = await voke.run(["plants", "list"], {
      env: { VOKE_API_URL: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: Cannot reach http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    // The error line, then what to do: is the server running, how to start one.
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(3);
    expect(result.stderr).toContain("Is voke-server running at http://127.0.0.1:");
  });

  it("2: an unknown flag, and a bad flag value, before any request", async () => {
    const unknown = await voke.run(["plants", "list", "--colour"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--colour'");
    expect(unknown.stderr).toContain("Run 'voke plants list --help' for usage.");
    const badValue = await voke.run(["alert-rules", "list", "--limit", "0"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain(
      "error: invalid value for --limit: must be a whole number from 1 to 100",
    );
    const badId = await voke.run(["commands", "send", "not-a-uuid", "reboot"]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain("invalid value for <plant-id>: must be a UUID");
  });

  it("3: the server rejects the input (400): reactivating a plant that is not suspended", async () => {
    const result = await voke.run(["plants", "reactivate", pendingPlantId]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(ERROR_LINE);
  });

  it("3: the server rejects an alert rule for a plant outside the organization's", async () => {
    const result = await voke.run([
      "alert-rules",
      "create",
      "--name",
      "Ghost",
      "--metric",
      "soc",
      "--condition",
      "LT",
      "--threshold",
      "10",
      "--plant-id",
      randomUUID(),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(ERROR_LINE);
  });

  it("4: an unknown token (401) and a viewer token writing (403)", async () => {
    const unknown = await voke.run(["plants", "list"], { env: { VOKE_TOKEN: "voke_not_a_real_token_0000" } });
    expect(unknown.code).toBe(4);
    const [line, hint] = unknown.stderr.split(/(?<=\n)/);
    expect(line).toMatch(ERROR_LINE);
    expect(hint).toBe(
      "The API refused the token (the token came from VOKE_TOKEN): run `voke login --with-token` to save a valid one.\n",
    );
    expect(ERROR_LINE.exec(line as string)?.[1]).toBe("UNAUTHORIZED");
    expect(unknown.stderr).not.toContain("voke_not_a_real_token_0000");

    const viewer = server.createToken("viewer");
    const read = await voke.run(["plants", "get", pendingPlantId], { env: { VOKE_TOKEN: viewer } });
    expect(read.code).toBe(0);
    const write = await voke.run(
      [
        "alert-rules",
        "create",
        "--name",
        "Hot",
        "--metric",
        "temperatureC",
        "--condition",
        "GT",
        "--threshold",
        "60",
      ],
      { env: { VOKE_TOKEN: viewer } },
    );
    expect(write.code).toBe(4);
    expect(ERROR_LINE.exec(write.stderr)?.[1]).toBe("FORBIDDEN");
  });

  it("4: no token at all", async () => {
    const result = await voke.run(["plants", "list"], { env: { VOKE_TOKEN: undefined } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("not logged in");
  });

  it("5: not found (404), as one line, or as JSON with -o json", async () => {
    const missing = randomUUID();
    const text = await voke.run(["alert-rules", "get", missing]);
    expect(text.code).toBe(5);
    expect(text.stdout).toBe("");
    expect(text.stderr).toMatch(ERROR_LINE);

    const json = await voke.run(["plants", "get", missing, "-o", "json"]);
    expect(json.code).toBe(5);
    expect(json.stdout).toBe("");
    const report = JSON.parse(json.stderr) as { error: Record<string, unknown> };
    expect(report.error).toMatchObject({ status: 404, code: expect.stringMatching(/NOT_FOUND/) });
    expect(report.error.requestId).toEqual(expect.any(String));
    expect(json.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("6: conflict (409): a serial number that already exists", async () => {
    const result = await voke.run([
      "plants",
      "create",
      "--name",
      "Twin",
      "--serial-number",
      serial,
      "--type",
      "SENSOR",
    ]);
    expect(result.code).toBe(6);
    expect(ERROR_LINE.exec(result.stderr)?.[1]).toBe("PLANT_ALREADY_EXISTS");
  });

  it("7: --wait gives up after --timeout when no device answers", async () => {
    const result = await voke.run([
      "commands",
      "send",
      provisionedPlantId,
      "reboot",
      "--wait",
      "--timeout",
      "1s",
      "-o",
      "json",
    ]);
    expect(result.code).toBe(7);
    // The command's last state is still printed, so a script can follow it up.
    expect(JSON.parse(result.stdout)).toMatchObject({
      plantId: provisionedPlantId,
      command: "reboot",
      status: "QUEUED",
    });
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: "WAIT_TIMEOUT", status: null });
  });
});
