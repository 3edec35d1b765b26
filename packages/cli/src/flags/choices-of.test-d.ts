import type { PlantType } from "@voke/sdk";
import { describe, expectTypeOf, test } from "vitest";
import { type AUTH_METHODS, PLANT_TYPES } from "../commands/plants/choices.ts";
import { choicesOf } from "./choices-of.ts";

describe("CLI choices come from the spec's unions, checked for exhaustiveness", () => {
  test("the plant choices are exactly the spec's values", () => {
    expectTypeOf(PLANT_TYPES).toEqualTypeOf<readonly ["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER"]>();
    expectTypeOf<(typeof AUTH_METHODS)[number]>().toEqualTypeOf<"MTLS" | "TOKEN" | "PASSWORD">();
  });

  test("a list missing a value of the union does not compile", () => {
    // @ts-expect-error CONTROLLER is missing
    choicesOf<PlantType>()(["SENSOR", "ACTUATOR", "GATEWAY"] as const);
  });

  test("a list with a value outside the union does not compile", () => {
    // @ts-expect-error ROBOT is not a PlantType
    choicesOf<PlantType>()(["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER", "ROBOT"] as const);
  });

  test("the complete list compiles and keeps its literal type", () => {
    const all = choicesOf<PlantType>()(["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER"] as const);
    expectTypeOf(all).toEqualTypeOf<readonly ["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER"]>();
  });
});
