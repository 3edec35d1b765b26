import type { PlantType } from "@voke/sdk";
import { describe, expectTypeOf, test } from "vitest";
import type { Options as CreatePlantOptions } from "../commands/plants/create.ts";
import type { Options as UpdatePlantOptions } from "../commands/plants/update.ts";
import type { Options as WatchOptions } from "../commands/plants/watch.ts";
import type { GlobalFlags } from "../factory.ts";
import { defineCommand } from "../registry/define.ts";
import { arg, commandInput, flag, type OptionsOf, required, withDefault } from "./declare.ts";
import type { globalFlags } from "./global.ts";
import { uuid } from "./values.ts";

describe("run()'s Options are derived from the declarations, so they cannot disagree", () => {
  test("each declared flag has the type its declaration gives, optional unless required or defaulted", () => {
    const input = commandInput({
      args: [arg.parsed("plant-id", "a plant", uuid), arg.choice("shell", ["bash", "zsh"], "a shell")],
      flags: {
        name: required(flag.text("name", "a name")),
        limit: flag.parsed("n", "a limit", Number),
        concurrency: withDefault(flag.parsed("n", "rows at once", Number), "8"),
        yes: flag.switch("do it"),
        kind: flag.choices("kind", ["a", "b"], "kinds"),
      },
    });
    expectTypeOf<OptionsOf<typeof input>>().toEqualTypeOf<{
      plantId: string;
      shell: "bash" | "zsh";
      name: string;
      limit?: number | undefined;
      concurrency: number;
      yes: boolean;
      kind: ("a" | "b")[];
    }>();
  });

  test("the real verbs get their flags' types", () => {
    expectTypeOf<CreatePlantOptions["concurrency"]>().toEqualTypeOf<number>();
    expectTypeOf<CreatePlantOptions["type"]>().toEqualTypeOf<PlantType | undefined>();
    expectTypeOf<UpdatePlantOptions["templateId"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UpdatePlantOptions["plantId"]>().toEqualTypeOf<string>();
    expectTypeOf<WatchOptions["plantId"]>().toEqualTypeOf<string[]>();
  });

  test("reading a flag that is not declared does not compile", () => {
    const read = (opts: CreatePlantOptions) =>
      // @ts-expect-error --colour is not a flag of plants create
      opts.colour;
    expectTypeOf(read).toBeFunction();
  });

  test("a verb whose run() wants a flag the registry does not declare does not compile", () => {
    defineCommand({
      noun: "widgets",
      summary: "widgets",
      flags: { all: flag.switch("every widget") },
      // @ts-expect-error run() wants --owner, which is not declared
      load: async () => ({ run: async (_opts: { all: boolean; owner: string }) => {} }),
    });
    defineCommand({
      noun: "widgets",
      summary: "widgets",
      flags: { limit: flag.parsed("n", "how many", Number) },
      // @ts-expect-error --limit may be absent, so run() cannot take it as always a number
      load: async () => ({ run: async (_opts: { limit: number }) => {} }),
    });
  });

  test("what the program's own flags give is what the factory reads", () => {
    expectTypeOf<OptionsOf<{ flags: typeof globalFlags }>>().toExtend<GlobalFlags>();
    expectTypeOf<OptionsOf<{ flags: typeof globalFlags }>["output"]>().toEqualTypeOf<
      "table" | "json" | "ndjson" | "csv" | undefined
    >();
  });
});
