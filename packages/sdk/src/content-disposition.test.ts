import { expect, test } from "vitest";
import { attachmentFilename } from "./content-disposition.ts";

test("reads quoted, bare and RFC 5987 file names", () => {
  expect(attachmentFilename('attachment; filename="voke-SN-1.json"')).toBe("voke-SN-1.json");
  expect(attachmentFilename("attachment; filename=voke-SN-2.json")).toBe("voke-SN-2.json");
  expect(attachmentFilename('attachment; filename="a \\"b\\".json"')).toBe('a "b".json');
  expect(attachmentFilename("attachment; filename*=UTF-8''voke-%C5%A1-3.json; filename=\"x.json\"")).toBe(
    "voke-š-3.json",
  );
  expect(attachmentFilename("attachment; filename*=UTF-8''%E0%A4%A; filename=\"fallback.json\"")).toBe(
    "fallback.json",
  );
});

test("keeps only a safe base name", () => {
  expect(attachmentFilename('attachment; filename="../../home/u/.ssh/authorized_keys"')).toBe(
    "authorized_keys",
  );
  expect(attachmentFilename('attachment; filename="C:\\\\Windows\\\\x.json"')).toBe("x.json");
  expect(attachmentFilename('attachment; filename="a\u0007b.json"')).toBe("ab.json");
  expect(attachmentFilename('attachment; filename=".."')).toBeUndefined();
  expect(attachmentFilename('attachment; filename="dir/"')).toBeUndefined();
});

test("no header or no file name gives undefined", () => {
  expect(attachmentFilename(null)).toBeUndefined();
  expect(attachmentFilename("attachment")).toBeUndefined();
  expect(attachmentFilename("inline; name=x")).toBeUndefined();
});
