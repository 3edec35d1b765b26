import { describe, expect, it } from "vitest";
import { UsageError } from "../../../errors.ts";
import { detectFormat, readPlantRows } from "./rows.ts";

describe("readPlantRows from CSV", () => {
  it("maps columns to the create body, leaving empty optional cells out and parsing metadata", () => {
    const rows = readPlantRows(
      'type,serialNumber,name,authMethod,metadata\nGATEWAY,SN-1,Roof PV,,\nSENSOR,SN-2,Meter,TOKEN,"{""site"":""north""}"\n',
      "csv",
      "plants.csv",
    );
    expect(rows.map((row) => [row.row, row.body, row.error])).toEqual([
      [1, { name: "Roof PV", serialNumber: "SN-1", type: "GATEWAY" }, undefined],
      [
        2,
        {
          name: "Meter",
          serialNumber: "SN-2",
          type: "SENSOR",
          authMethod: "TOKEN",
          metadata: { site: "north" },
        },
        undefined,
      ],
    ]);
  });

  it("turns each bad row into a failed row with its reason and keeps the serial number", () => {
    const rows = readPlantRows(
      [
        "name,serialNumber,type,metadata",
        "A,SN-1,ROBOT,",
        ",SN-2,SENSOR,",
        "C,SN-3,SENSOR,{not json",
        "D,SN-4,SENSOR",
        "E,SN-5,SENSOR,[1]",
        `F,${"x".repeat(51)},SENSOR,`,
        "G,SN-7,SENSOR,",
      ].join("\n"),
      "csv",
      "plants.csv",
    );
    expect(rows.map((row) => [row.row, row.serialNumber, row.error])).toEqual([
      [1, "SN-1", "type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER"],
      [2, "SN-2", "name: must not be empty"],
      [3, "SN-3", 'metadata: must be a JSON object (as text), e.g. {"site":"north"}'],
      [4, "SN-4", "line 5: has 3 fields, the header has 4"],
      [5, "SN-5", "metadata: must be a JSON object or null"],
      [6, "x".repeat(51), "serialNumber: must be at most 50 characters"],
      [7, "SN-7", undefined],
    ]);
  });

  it("fails a repeated serial number on its later rows, naming the first", () => {
    const rows = readPlantRows("name,serialNumber,type\nA,SN-1,SENSOR\nB,SN-1,SENSOR\n", "csv", "p.csv");
    expect(rows[0]?.body).toBeDefined();
    expect(rows[1]).toMatchObject({
      row: 2,
      serialNumber: "SN-1",
      error: 'serialNumber "SN-1" repeats row 1',
    });
    expect(rows[1]?.body).toBeUndefined();
  });

  it.each([
    ["", "p.csv is empty"],
    ["name,serialNumber\n", 'p.csv has no "type" column (required)'],
    ["name,serialNumber,type,color\n", 'unknown column "color" in p.csv'],
    ["name,name,serialNumber,type\n", 'column "name" appears twice'],
  ])("refuses a file whose header is %j as a usage error", (text, message) => {
    expect(() => readPlantRows(text, "csv", "p.csv")).toThrow(UsageError);
    expect(() => readPlantRows(text, "csv", "p.csv")).toThrow(message);
  });

  it("gives each row content that changes when the row changes", () => {
    const [a] = readPlantRows("name,serialNumber,type\nA,SN-1,SENSOR\n", "csv", "p.csv");
    const [b] = readPlantRows("name,serialNumber,type\nB,SN-1,SENSOR\n", "csv", "p.csv");
    expect(a?.content).not.toBe(b?.content);
  });
});

describe("readPlantRows from JSONL", () => {
  it("reads one object per line, skipping blank lines, and fails bad lines alone", () => {
    const rows = readPlantRows(
      [
        '{"name":"A","serialNumber":"SN-1","type":"SENSOR","metadata":{"floor":2}}',
        "",
        "{oops",
        "[1,2]",
        '{"name":"D","serialNumber":"SN-4","type":"SENSOR","colour":"red"}',
        '{"name":"E","serialNumber":"SN-5"}',
        '{"name":"","serialNumber":6,"type":"ROBOT","authMethod":"TOKEN","metadata":[1]}',
      ].join("\r\n"),
      "jsonl",
      "p.jsonl",
    );
    expect(rows[0]).toMatchObject({
      row: 1,
      body: { name: "A", serialNumber: "SN-1", type: "SENSOR", metadata: { floor: 2 } },
    });
    expect(rows[1]?.error).toMatch(/^not valid JSON/);
    expect(rows[2]?.error).toBe("must be a JSON object with the create body's fields");
    expect(rows[3]).toMatchObject({ row: 4, serialNumber: "SN-4" });
    expect(rows[3]?.error).toContain("colour");
    expect(rows[4]?.error).toBe("type: is required (must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER)");
    // The same checks as the flags of `plants create`, every problem of the row at once.
    expect(rows[5]?.error).toBe(
      "name: must not be empty; serialNumber: must be text; " +
        "type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER; metadata: must be a JSON object or null",
    );
  });
});

describe("detectFormat", () => {
  it("goes by the extension, else by the first character", () => {
    expect(detectFormat("p.CSV", "{")).toBe("csv");
    expect(detectFormat("p.jsonl", "name")).toBe("jsonl");
    expect(detectFormat("p.ndjson", "")).toBe("jsonl");
    expect(detectFormat("-", '  {"name":1}')).toBe("jsonl");
    expect(detectFormat("-", "name,serialNumber")).toBe("csv");
  });
});
