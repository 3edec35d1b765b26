import { describe, expectTypeOf, test } from "vitest";
import type {
  ALERT_CONDITION_VALUES,
  ALERT_SEVERITY_VALUES,
  API_TOKEN_ROLE_VALUES,
  AUTH_METHOD_VALUES,
  COMMAND_STATUS_VALUES,
  CONNECTION_STATUS_VALUES,
  components,
  LIFECYCLE_STATUS_VALUES,
  PLANT_TYPE_VALUES,
  TEMPLATE_LEVEL_VALUES,
} from "./index.ts";

type Schemas = components["schemas"];

describe("the generated contract lists are the spec's unions", () => {
  test("each list holds exactly the values of its schema", () => {
    expectTypeOf<(typeof PLANT_TYPE_VALUES)[number]>().toEqualTypeOf<Schemas["PlantType"]>();
    expectTypeOf<(typeof AUTH_METHOD_VALUES)[number]>().toEqualTypeOf<Schemas["AuthMethod"]>();
    expectTypeOf<(typeof LIFECYCLE_STATUS_VALUES)[number]>().toEqualTypeOf<Schemas["LifecycleStatus"]>();
    expectTypeOf<(typeof CONNECTION_STATUS_VALUES)[number]>().toEqualTypeOf<Schemas["ConnectionStatus"]>();
    expectTypeOf<(typeof TEMPLATE_LEVEL_VALUES)[number]>().toEqualTypeOf<Schemas["TemplateLevel"]>();
    expectTypeOf<(typeof COMMAND_STATUS_VALUES)[number]>().toEqualTypeOf<Schemas["CommandStatus"]>();
    expectTypeOf<(typeof ALERT_CONDITION_VALUES)[number]>().toEqualTypeOf<Schemas["AlertCondition"]>();
    expectTypeOf<(typeof ALERT_SEVERITY_VALUES)[number]>().toEqualTypeOf<Schemas["AlertSeverity"]>();
    expectTypeOf<(typeof API_TOKEN_ROLE_VALUES)[number]>().toEqualTypeOf<Schemas["ApiTokenRole"]>();
  });
});
