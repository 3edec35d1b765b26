import { describe, expectTypeOf, test } from "vitest";
import { createVokeClient } from "./client.ts";
import type { ApiPromise, Plant, PlantPage, ProvisioningDownload, ResponseWithData } from "./index.ts";

const voke = createVokeClient({ baseUrl: "http://127.0.0.1:8080", token: "t" });
const id = "bb17678d-82fa-43da-92e5-df833ebe5344";

describe("withResponse() is typed like the call", () => {
  test("data, Response and request id", () => {
    expectTypeOf(voke.plants.list()).toEqualTypeOf<ApiPromise<PlantPage>>();
    expectTypeOf(voke.plants.list().withResponse()).resolves.toEqualTypeOf<ResponseWithData<PlantPage>>();
    expectTypeOf(voke.plants.create({ name: "n", serialNumber: "s", type: "SENSOR" }).withResponse())
      .resolves.toHaveProperty("data")
      .toEqualTypeOf<Plant>();
    expectTypeOf(voke.plants.downloadProvisioning(id).withResponse())
      .resolves.toHaveProperty("data")
      .toEqualTypeOf<ProvisioningDownload>();
    expectTypeOf(voke.alertRules.delete(id).withResponse()).resolves.toHaveProperty("data").toBeVoid();
    expectTypeOf<ResponseWithData<PlantPage>["response"]>().toEqualTypeOf<Response>();
    expectTypeOf<ResponseWithData<PlantPage>["requestId"]>().toEqualTypeOf<string | undefined>();
  });
});
