import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { headerFor, relativeTime } from "./columns.ts";
import { plainStyles } from "./styles.ts";
import { renderFacts, renderTable } from "./table.ts";
import { textWidth } from "./text-width.ts";

const PLANT_COLUMNS = [
  "id",
  "name",
  "serialNumber",
  "type",
  "authMethod",
  "lifecycleStatus",
  "status",
  "lastSeenAt",
];
const NOW = Date.parse("2030-01-01T12:00:00Z");
const row = (name: string) => [
  "3f1c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f",
  name,
  "SN-000001",
  "CONTROLLER",
  "PASSWORD",
  "DECOMMISSIONED",
  "OFFLINE",
  "2030-01-01T11:57:00.000Z",
];
const rows = [row("Roof PV on the north building, second inverter string, east"), row("Garage battery")];
const widths = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => textWidth(stripVTControlCharacters(line)));

describe("renderTable on a terminal", () => {
  it.each([40, 60, 80, 100, 120, 200])("never exceeds %i columns, and keeps the ids whole", (width) => {
    const text = renderTable(PLANT_COLUMNS, rows, { colors: plainStyles, width, now: NOW });
    for (const lineWidth of widths(text)) expect(lineWidth).toBeLessThanOrEqual(width);
    expect(text).toContain("3f1c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f");
    expect(text.split("\n").length).toBe(rows.length + 2); // no wrapped lines
  });

  it("at 80 columns drops the lowest-ranked columns first and cuts long names with …", () => {
    const text = renderTable(PLANT_COLUMNS, rows, { colors: plainStyles, width: 80, now: NOW });
    const header = text.split("\n")[0] as string;
    expect(header).toMatch(/^ID\s+NAME\s+LIFECYCLE\s+STATUS$/);
    expect(text).toContain("…");
    expect(text).toContain("Garage battery");
  });

  it("at 200 columns shows every column with human headers and relative times, uncut", () => {
    const text = renderTable(PLANT_COLUMNS, rows, { colors: plainStyles, width: 200, now: NOW });
    expect(text.split("\n")[0]).toMatch(
      /^ID\s+NAME\s+SERIAL\s+TYPE\s+AUTH\s+LIFECYCLE\s+STATUS\s+LAST SEEN$/,
    );
    expect(text).toContain("Roof PV on the north building, second inverter string, east");
    expect(text).toContain("3 minutes ago");
    expect(text).not.toContain("…");
  });

  it("without a width (-o table into a pipe) keeps every value whole and times as ISO", () => {
    const text = renderTable(PLANT_COLUMNS, rows, { colors: plainStyles });
    expect(text).toContain("Roof PV on the north building, second inverter string, east");
    expect(text).toContain("2030-01-01T11:57:00.000Z");
  });

  it("colours states: ACTIVE green, DECOMMISSIONED red, OFFLINE dim", async () => {
    const { Chalk } = await import("chalk");
    const colors = new Chalk({ level: 1 });
    const text = renderTable(
      ["lifecycleStatus", "status"],
      [
        ["ACTIVE", "OFFLINE"],
        ["DECOMMISSIONED", "ONLINE"],
      ],
      {
        colors,
        width: 80,
      },
    );
    expect(text).toContain(colors.green("ACTIVE"));
    expect(text).toContain(colors.red("DECOMMISSIONED"));
    expect(text).toContain(colors.dim("OFFLINE"));
  });

  it("shows control characters in cells as visible text, never raw", () => {
    const hostile = "evil\u001b]0;pwned\u0007\u001b[2J\u009b31m";
    const text = renderTable(["name"], [[hostile]], { colors: plainStyles, width: 80 });
    expect(text.replaceAll("\n", "")).not.toMatch(/\p{Cc}/u);
    expect(text).toContain("evil^[]0;pwned^G^[[2J\\u009b31m");
  });
});

describe("renderFacts", () => {
  it("labels each fact and fits the value to the width", () => {
    const text = renderFacts(
      [
        ["ID", "p1"],
        ["Description", "x".repeat(200)],
      ],
      { colors: plainStyles, width: 40 },
    );
    for (const lineWidth of widths(text)) expect(lineWidth).toBeLessThanOrEqual(40);
    expect(text.startsWith("ID           p1\n")).toBe(true);
  });
});

describe("headers and times", () => {
  it("spells field names as words", () => {
    expect(headerFor("lifecycleStatus")).toBe("LIFECYCLE");
    expect(headerFor("lastSeenAt")).toBe("LAST SEEN");
    expect(headerFor("certificateExpiresAt")).toBe("CERTIFICATE EXPIRES");
    expect(headerFor("mqtt.broker")).toBe("MQTT BROKER");
  });

  it("says how long ago or until, and leaves other text alone", () => {
    expect(relativeTime("2030-01-01T11:59:50Z", NOW)).toBe("just now");
    expect(relativeTime("2030-01-01T09:00:00Z", NOW)).toBe("3 hours ago");
    expect(relativeTime("2030-01-30T12:00:00Z", NOW)).toBe("in 29 days");
    expect(relativeTime("SN-2030-01-01", NOW)).toBe("SN-2030-01-01");
  });
});
