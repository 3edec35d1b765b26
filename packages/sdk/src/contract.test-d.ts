import { describe, expectTypeOf, test } from "vitest";
import type * as contract from "./generated/contract.ts";
import type { components } from "./index.ts";

type Schemas = components["schemas"];
type Values<List extends readonly string[]> = List[number];

describe("the generated contract lists are the spec's unions", () => {
  test("each list holds exactly the values of its schema", () => {
    expectTypeOf<Values<typeof contract.PLANT_TYPE_VALUES>>().toEqualTypeOf<Schemas["PlantType"]>();
    expectTypeOf<Values<typeof contract.AUTH_METHOD_VALUES>>().toEqualTypeOf<Schemas["AuthMethod"]>();
    expectTypeOf<Values<typeof contract.LIFECYCLE_STATUS_VALUES>>().toEqualTypeOf<
      Schemas["LifecycleStatus"]
    >();
    expectTypeOf<Values<typeof contract.CONNECTION_STATUS_VALUES>>().toEqualTypeOf<
      Schemas["ConnectionStatus"]
    >();
    expectTypeOf<Values<typeof contract.TEMPLATE_LEVEL_VALUES>>().toEqualTypeOf<Schemas["TemplateLevel"]>();
    expectTypeOf<Values<typeof contract.COMMAND_STATUS_VALUES>>().toEqualTypeOf<Schemas["CommandStatus"]>();
    expectTypeOf<Values<typeof contract.ALERT_CONDITION_VALUES>>().toEqualTypeOf<Schemas["AlertCondition"]>();
    expectTypeOf<Values<typeof contract.ALERT_SEVERITY_VALUES>>().toEqualTypeOf<Schemas["AlertSeverity"]>();
    expectTypeOf<Values<typeof contract.API_TOKEN_ROLE_VALUES>>().toEqualTypeOf<Schemas["ApiTokenRole"]>();
  });

  test("limits keep their literal numbers", () => {
    expectTypeOf<typeof contract.CREATE_PLANT_REQUEST_LIMITS.name.maxLength>().not.toEqualTypeOf<number>();
  });
});
