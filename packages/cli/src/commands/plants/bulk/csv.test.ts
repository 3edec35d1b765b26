import { describe, expect, it } from "vitest";
import { CsvReader, parseCsv } from "./csv.ts";

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe("parseCsv", () => {
  it("reads plain records with LF or CRLF endings, with or without a final newline", () => {
    expect(fields("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(fields('name,metadata\n"Roof, east","{""site"":""north""}"\n"two\r\nlines",x\n')).toEqual([
      ["name", "metadata"],
      ["Roof, east", '{"site":"north"}'],
      ["two\r\nlines", "x"],
    ]);
  });

  it("keeps empty fields, skips blank lines and drops a byte order mark", () => {
    expect(fields('\uFEFFa,b,c\n\n1,,\n"",2,3\n\n')).toEqual([
      ["a", "b", "c"],
      ["1", "", ""],
      ["", "2", "3"],
    ]);
    expect(fields('""')).toEqual([[""]]);
  });

  it("marks malformed records without losing the next ones", () => {
    const records = parseCsv('a,b\n"x"y,1\nq"uote,2\nok,3\n"open,4\n');
    expect(records[1]?.error).toContain("text after a closing quote");
    expect(records[2]?.error).toContain("a quote inside an unquoted field");
    expect(records[3]).toEqual({ fields: ["ok", "3"], line: 4 });
    expect(records[4]?.error).toContain("not closed");
    expect(records).toHaveLength(5);
  });
});

describe("CsvReader", () => {
  it("reads the same records whatever the chunk boundaries", () => {
    const text = 'a,b\r\n"x,""y""\r\nz",2\r\n\r\n"",3\r\nlast,4';
    const whole = parseCsv(text);
    for (let size = 1; size <= 5; size++) {
      const reader = new CsvReader();
      const records = [];
      for (let at = 0; at < text.length; at += size) records.push(...reader.push(text.slice(at, at + size)));
      records.push(...reader.end());
      expect(records).toEqual(whole);
    }
    expect(whole.map((record) => record.line)).toEqual([1, 2, 5, 6]);
  });

  it("names the line an unclosed quote opened on", () => {
    const records = parseCsv('a,b\nok,1\n"open,2\nnext,3\n');
    expect(records).toHaveLength(3);
    expect(records[2]?.unclosedQuoteLine).toBe(3);
    expect(records[2]?.error).toContain("opened on line 3 is not closed");
  });
});
