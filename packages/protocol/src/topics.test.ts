// Client ids: the plant id in canonical form, optionally with a suffix; anything else names no session.
import { describe, expect, it } from "vitest";
import { parseClientId, plantIdNamedBy, plantTopics } from "./topics.ts";

const id = "bb17678d-82fa-43da-92e5-df833ebe5344";

describe("parseClientId", () => {
  it("reads <plantId> and <plantId>:<suffix>", () => {
    expect(parseClientId(id)).toEqual({ plantId: id, suffix: undefined });
    expect(parseClientId(`${id}:sub`)).toEqual({ plantId: id, suffix: "sub" });
    expect(parseClientId(`${id}:gw_2-a`)).toEqual({ plantId: id, suffix: "gw_2-a" });
  });

  it("refuses every other spelling, upper case first of all", () => {
    for (const clientId of [
      id.toUpperCase(),
      `${id.slice(0, 8).toUpperCase()}${id.slice(8)}`,
      `${id}:`,
      `${id}:SUB`,
      `${id}:${"a".repeat(24)}`,
      `${id}:a:b`,
      ` ${id}`,
      `{${id}}`,
      "not-a-plant",
    ]) {
      expect(parseClientId(clientId), clientId).toBeUndefined();
    }
  });

  it("still says which plant a non-canonical id names, to charge the refusal to it", () => {
    expect(plantIdNamedBy(id.toUpperCase())).toBe(id);
    expect(plantIdNamedBy("nope")).toBeUndefined();
  });
});

describe("plantTopics", () => {
  it("puts the four topics under voke/v1/<plantId>/", () => {
    expect(plantTopics(id)).toEqual({
      telemetry: `voke/v1/${id}/telemetry`,
      status: `voke/v1/${id}/status`,
      ack: `voke/v1/${id}/ack`,
      commands: `voke/v1/${id}/commands`,
    });
  });
});
