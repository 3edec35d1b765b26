import { describe, expectTypeOf, test } from "vitest";
import type { ApiSchemas } from "../api-schemas.ts";
import { alertRuleView } from "./alert-rules.ts";
import { commandView } from "./commands.ts";
import { alertView, plantDetailView, plantView, templateView } from "./views.ts";

type Plant = ApiSchemas["Plant"];

describe("server views are the spec's schemas", () => {
  test("each view returns exactly the openapi.yaml shape it serves", () => {
    expectTypeOf(plantView).returns.toEqualTypeOf<Plant>();
    expectTypeOf(plantDetailView).returns.toEqualTypeOf<ApiSchemas["PlantDetail"]>();
    expectTypeOf(templateView).returns.toEqualTypeOf<ApiSchemas["Template"]>();
    expectTypeOf(alertView).returns.toEqualTypeOf<ApiSchemas["Alert"]>();
    expectTypeOf(alertRuleView).returns.toEqualTypeOf<ApiSchemas["AlertRule"]>();
    expectTypeOf(commandView).returns.toEqualTypeOf<ApiSchemas["Command"]>();
  });

  test("a view that drops a field the spec requires does not compile", () => {
    const dropsSerialNumber = (plant: Plant): Plant => {
      const { serialNumber: _dropped, ...rest } = plant;
      // @ts-expect-error Plant requires serialNumber
      return rest;
    };
    expectTypeOf(dropsSerialNumber).toBeFunction();
  });

  test("a view that misnames a field the spec requires does not compile", () => {
    const misnamesSerialNumber = (plant: Plant): Plant => {
      const { serialNumber, ...rest } = plant;
      // @ts-expect-error "serial" is not Plant's "serialNumber"
      return { ...rest, serial: serialNumber };
    };
    expectTypeOf(misnamesSerialNumber).toBeFunction();
  });

  test("a view that widens an enum the spec fixes does not compile", () => {
    const widensType = (plant: Plant): Plant => ({
      ...plant,
      // @ts-expect-error Plant's type is a PlantType, not any string
      type: String(plant.type),
    });
    expectTypeOf(widensType).toBeFunction();
  });
});
