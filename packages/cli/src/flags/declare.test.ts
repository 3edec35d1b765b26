import { describe, expect, it } from "vitest";
import { argumentKey, flag, optionSyntax, required, spelling } from "./declare.ts";
import { globalFlags } from "./global.ts";

describe("flag spellings come from the declaration's key", () => {
  it("spells camelCase keys in kebab-case, and argument names back in camelCase", () => {
    expect(spelling("serialNumber")).toBe("--serial-number");
    expect(spelling("all")).toBe("--all");
    expect(argumentKey("plant-id")).toBe("plantId");
  });

  it("writes commander's syntax: short name, value, list, optional value, negation", () => {
    expect(optionSyntax("output", globalFlags.output)).toBe("-o, --output <format>");
    expect(optionSyntax("color", globalFlags.color)).toBe("--no-color");
    expect(optionSyntax("metric", flag.list("name", "metrics"))).toBe("--metric <name...>");
    expect(optionSyntax("enabled", flag.boolean("bool", "on"))).toBe("--enabled [bool]");
    expect(optionSyntax("name", required(flag.text("name", "a name")))).toBe("--name <name>");
    expect(optionSyntax("dryRun", flag.switch("only say"))).toBe("--dry-run");
  });
});
