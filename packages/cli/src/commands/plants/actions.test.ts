import { describe, expect, it } from "vitest";
import { ExitError } from "../../errors.ts";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { run as runDelete } from "./delete.ts";
import { fakePlants } from "./fake-plants-client.ts";
import { run as runRevoke } from "./revoke.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

describe("plants delete and revoke", () => {
  it.each(["delete", "revoke"])(
    "%s without a terminal and without --yes exits 2 and sends nothing",
    async (verb) => {
      const fake = fakePlants();
      const plant = fake.seed({ serialNumber: "SN-1" });
      const result = await runVoke(["plants", verb, plant.id], {
        env,
        createClient: () => fake.client as never,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("refusing to prompt without a terminal; pass --yes to confirm");
      expect(fake.calls).toEqual([]);
      expect(fake.store.has(plant.id)).toBe(true);
    },
  );

  it("deletes with --yes and reports on stderr in table mode, as an object with -o json", async () => {
    const fake = fakePlants();
    const first = fake.seed({ serialNumber: "SN-1" });
    const second = fake.seed({ serialNumber: "SN-2" });
    const createClient = () => fake.client as never;
    const table = await runVoke(["plants", "delete", first.id, "--yes"], { env, createClient });
    expect(table).toEqual({ code: 0, stdout: "", stderr: "" });
    const third = fake.seed({ serialNumber: "SN-3" });
    expect(await runVoke(["plants", "delete", third.id, "--yes"], { env, createClient, tty: true })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Plant deleted (${third.id})\n`,
    });
    const json = await runVoke(["plants", "rm", second.id, "-y", "-o", "json"], { env, createClient });
    expect(JSON.parse(json.stdout)).toEqual({ plantId: second.id, message: "Plant deleted" });
    expect(fake.store.size).toBe(0);
  });

  it("asks on a terminal, naming the plant, and acts on yes", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-7", name: "Roof PV" });
    const { deps, stderr } = await createTestDeps({ env, client: fake.client, tty: true, stdin: "y\n" });
    await runRevoke({ plantId: plant.id, yes: false }, deps);
    expect(stderr()).toContain(`Revoke plant "Roof PV" (SN-7, ${plant.id})?`);
    expect(fake.calls.map((call) => call.method)).toEqual(["get", "revoke"]);
  });

  it("stops on no, without deleting", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-7" });
    const { deps } = await createTestDeps({ env, client: fake.client, tty: true, stdin: "n\n" });
    const failure = await runDelete({ plantId: plant.id, yes: false }, deps).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExitError);
    expect((failure as ExitError).message).toBe("delete cancelled");
    expect(fake.callsOf("delete")).toEqual([]);
  });

  it("exits 5 when the plant does not exist", async () => {
    const fake = fakePlants();
    const result = await runVoke(["plants", "delete", "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b", "--yes"], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(5);
  });
});

describe("plants suspend and reactivate", () => {
  it("call the API with the plant id and report the server's message", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const createClient = () => fake.client as never;
    const suspended = await runVoke(["plants", "suspend", plant.id], { env, createClient, tty: true });
    expect(suspended.stderr).toBe(`✓ Plant suspended (${plant.id})\n`);
    const reactivated = await runVoke(["plants", "reactivate", plant.id, "-o", "ndjson"], {
      env,
      createClient,
    });
    expect(reactivated.stdout).toBe(
      `{"plantId":"${plant.id}","message":"Plant reactivated (PROVISIONED)"}\n`,
    );
    expect(fake.calls.map((call) => [call.method, call.args])).toEqual([
      ["suspend", [plant.id]],
      ["reactivate", [plant.id]],
    ]);
  });
});
