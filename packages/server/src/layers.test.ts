// The server's layers, read from its sources: SQL lives in storage/ only, and the domain services never
// reach up into the HTTP layer (they are shared with the MQTT broker, which has no HTTP request).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const srcDir = fileURLToPath(new URL(".", import.meta.url));

/** Every source file under src/ except tests and test support, as paths relative to src/. */
function sourceFiles(): string[] {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" });
  return files
    .filter((file) => file.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(file))
    .filter((file) => !file.startsWith("test-support/") && !file.includes("test-fixture"))
    .sort();
}

const read = (file: string) => readFileSync(join(srcDir, file), "utf8");
const SQL_ACCESS = /\.sqlite\b|\bprepare\(\s*[`"']|\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/;

describe("server layers", () => {
  test("the scan sees the source tree and recognises SQL", () => {
    expect(sourceFiles()).toEqual(
      expect.arrayContaining(["app.ts", "storage/plants.ts", "services/plants.ts"]),
    );
    expect(SQL_ACCESS.test(read("storage/plant-credentials.ts"))).toBe(true);
  });

  test("only storage/ touches the database with SQL", () => {
    const outside = sourceFiles().filter(
      (file) => !file.startsWith("storage/") && SQL_ACCESS.test(read(file)),
    );
    expect(outside).toEqual([]);
  });

  test("services import nothing from http/ or routes/", () => {
    const upward = sourceFiles()
      .filter((file) => file.startsWith("services/"))
      .flatMap((file) =>
        [...read(file).matchAll(/from\s+"(\.\.\/(?:http|routes)\/[^"]+)"/g)].map((m) => `${file} -> ${m[1]}`),
      );
    expect(upward).toEqual([]);
  });
});
