import { describe, expect, it } from "vitest";
import { memoryTerminal } from "../test-support/harness.ts";
import { createPrinter, type OutputFormat, outputFlag } from "./printer.ts";
import { createIOStreams } from "./streams.ts";

const plants = [
  { id: "p1", name: "Roof, north", status: "ONLINE", mqtt: { broker: "b1", port: 8883 } },
  { id: "p2", name: 'Shed "B"', status: "OFFLINE", mqtt: { broker: "b2", port: 8884 } },
];

async function setup(
  format: OutputFormat,
  opts: { tty?: boolean; explicit?: boolean; fields?: string[]; env?: Record<string, string> } = {},
) {
  const terminal = memoryTerminal({ tty: opts.tty ?? false });
  const io = await createIOStreams(terminal.streams, { env: opts.env ?? {} });
  const printer = createPrinter(io, { format, formatExplicit: opts.explicit ?? true, fields: opts.fields });
  return { printer, ...terminal };
}

async function* slowly<T>(items: T[], seen: string[]): AsyncGenerator<T> {
  for (const item of items) {
    seen.push("yield");
    yield item;
  }
}

describe("json", () => {
  it("prints a list as a JSON array of its items and a resource as the object", async () => {
    const { printer, stdout } = await setup("json");
    await printer.list(plants);
    await printer.item(plants[0]);
    const [list, item] = stdout().split("\n]\n");
    expect(JSON.parse(`${list}\n]`)).toEqual(plants);
    expect(JSON.parse(item as string)).toEqual(plants[0]);
  });

  it("selects and orders keys with --fields, rebuilding nesting for dotted paths", async () => {
    const { printer, stdout } = await setup("json", { fields: ["mqtt.broker", "id"] });
    await printer.list(plants);
    const parsed = JSON.parse(stdout());
    expect(parsed).toEqual([
      { mqtt: { broker: "b1" }, id: "p1" },
      { mqtt: { broker: "b2" }, id: "p2" },
    ]);
    expect(Object.keys(parsed[0])).toEqual(["mqtt", "id"]);
  });

  it("streams an async iterable into one valid array, and prints [] for none", async () => {
    const { printer, stdout } = await setup("json");
    await printer.list(slowly(plants, []));
    expect(JSON.parse(stdout())).toEqual(plants);
    const empty = await setup("json");
    await empty.printer.list(slowly([], []));
    expect(empty.stdout()).toBe("[]\n");
  });

  it("refuses a field no item has, naming it (a typo is not an empty column)", async () => {
    const { printer } = await setup("json", { fields: ["id", "nmae"] });
    await expect(printer.list(plants)).rejects.toThrow(
      /unknown field in --fields: nmae \(available: id, name, status, mqtt\)/,
    );
  });
});

describe("ndjson", () => {
  it("writes one compact item per line, each line written as its item arrives", async () => {
    const { printer, stdout } = await setup("ndjson");
    const seen: string[] = [];
    const lengths: number[] = [];
    const source = slowly(plants, seen);
    const tracking = {
      async *[Symbol.asyncIterator]() {
        for await (const item of source) {
          lengths.push(stdout().length);
          yield item;
        }
      },
    };
    await printer.list(tracking);
    const lines = stdout().trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(plants);
    // when the second item was produced, the first line had already been written
    await new Promise((resolve) => setImmediate(resolve));
    expect(lengths[1]).toBeGreaterThan(0);
  });
});

describe("csv", () => {
  it("quotes per RFC 4180: commas, quotes doubled, CRLF records, nested values as JSON", async () => {
    const { printer, stdout } = await setup("csv", { fields: ["id", "name", "mqtt"] });
    await printer.list(plants);
    expect(stdout()).toBe(
      'id,name,mqtt\r\np1,"Roof, north","{""broker"":""b1"",""port"":8883}"\r\np2,"Shed ""B""","{""broker"":""b2"",""port"":8884}"\r\n',
    );
  });

  it("uses the command's default columns when --fields is absent", async () => {
    const { printer, stdout } = await setup("csv");
    await printer.list(plants, { columns: ["id", "status"] });
    expect(stdout()).toBe("id,status\r\np1,ONLINE\r\np2,OFFLINE\r\n");
  });

  it("quotes line breaks inside a value", async () => {
    const { printer, stdout } = await setup("csv", { fields: ["id", "note"] });
    await printer.item({ id: "x", note: "two\nlines" });
    expect(stdout()).toBe('id,note\r\nx,"two\nlines"\r\n');
  });
});

describe("table", () => {
  it("on a terminal draws aligned columns with upper-case headers", async () => {
    const { printer, stdout } = await setup("table", { tty: true, explicit: false, env: { NO_COLOR: "1" } });
    await printer.list(plants, { columns: ["id", "name", "status"] });
    expect(stdout()).toBe(
      ["ID  NAME         STATUS", "p1  Roof, north  ONLINE", 'p2  Shed "B"     OFFLINE', ""].join("\n"),
    );
  });

  it("piped, when table was only the default, prints full tab-separated values without a header", async () => {
    const long = "x".repeat(500);
    const { printer, stdout } = await setup("table", { tty: false, explicit: false });
    await printer.list([{ id: "p1", name: long, note: "a\tb" }]);
    expect(stdout()).toBe(`p1\t${long}\ta\\tb\n`);
  });

  it("piped but asked for explicitly (-o table), still draws the table, without colour", async () => {
    const { printer, stdout } = await setup("table", { tty: false, explicit: true });
    await printer.list(plants, { columns: ["id"] });
    expect(stdout()).toBe("ID\np1\np2\n");
  });

  it("shows a resource as labelled facts, leaving out empty ones", async () => {
    const { printer, stdout } = await setup("table", { tty: true, env: { NO_COLOR: "1" } });
    await printer.item({ ...plants[0], lastSeenAt: null }, { columns: ["id", "mqtt.port", "lastSeenAt"] });
    expect(stdout()).toBe("Id         p1\nMqtt port  8883\n");
  });

  it("says 'No results.' on stderr for an empty list on a terminal, and nothing on stdout", async () => {
    const { printer, stdout, stderr } = await setup("table", { tty: true });
    await printer.list([]);
    expect(stdout()).toBe("");
    expect(stderr()).toBe("No results.\n");
  });

  it("colours the header on a terminal, not with NO_COLOR, and when piped only with FORCE_COLOR", async () => {
    const bold = "\u001b[1m";
    const tty = await setup("table", { tty: true, env: {} });
    await tty.printer.list(plants, { columns: ["id"] });
    expect(tty.stdout()).toContain(bold);

    const noColor = await setup("table", { tty: true, env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    await noColor.printer.list(plants, { columns: ["id"] });
    expect(noColor.stdout()).not.toContain("\u001b[");

    const piped = await setup("table", { tty: false, explicit: true, env: {} });
    await piped.printer.list(plants, { columns: ["id"] });
    expect(piped.stdout()).not.toContain("\u001b[");

    const forced = await setup("table", { tty: false, explicit: true, env: { FORCE_COLOR: "1" } });
    await forced.printer.list(plants, { columns: ["id"] });
    expect(forced.stdout()).toContain(bold);
  });

  it("VOKE_FORCE_TTY=1 makes pipes behave like a terminal", async () => {
    const terminal = memoryTerminal({ tty: false });
    const io = await createIOStreams(terminal.streams, { env: { VOKE_FORCE_TTY: "1", NO_COLOR: "1" } });
    await createPrinter(io, { format: "table", formatExplicit: false }).list(plants, { columns: ["id"] });
    expect(terminal.stdout()).toBe("ID\np1\np2\n");
  });
});

describe("outputFlag", () => {
  it("treats --json as -o json and refuses a conflicting pair or an unknown format", async () => {
    expect(outputFlag(undefined, true)).toBe("json");
    expect(outputFlag("csv", undefined)).toBe("csv");
    expect(outputFlag(undefined, undefined)).toBeUndefined();
    expect(() => outputFlag("csv", true)).toThrow("--json conflicts with --output csv");
    expect(() => outputFlag("xml", undefined)).toThrow(/invalid value for --output: "xml"/);
  });
});
