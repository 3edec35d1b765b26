import { describe, expect, it } from "vitest";
import { mayBeSecret, redactArguments, withHints } from "./error-hints.ts";
import type { ErrorReport } from "./main.ts";
import { runVoke } from "./test-support/harness.ts";

const report = (fields: Partial<ErrorReport>): ErrorReport => ({
  code: "CONNECTION_ERROR",
  message: "",
  status: null,
  requestId: null,
  details: null,
  ...fields,
});

describe("error hints", () => {
  it("an unreachable server: which URL, is it running, how to start one", () => {
    const { hints } = withHints(
      report({ message: "Cannot reach http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1" }),
      {
        argv: ["plants", "list"],
      },
    );
    expect(hints.join("\n")).toContain("Is voke-server running at http://127.0.0.1:1?");
    expect(hints.join("\n")).toContain("voke-server start");
    expect(hints.join("\n")).toContain("--api-url");
  });

  it("https against a plain HTTP server: one clear line instead of OpenSSL's", () => {
    const result = withHints(
      report({
        message:
          "Cannot reach https://127.0.0.1:8080: write EPROTO 40:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number",
      }),
      { argv: [] },
    );
    expect(result.report.message).toBe(
      "https://127.0.0.1:8080 does not speak HTTPS (it answered like a plain HTTP server): use http://127.0.0.1:8080",
    );
    expect(result.hints).toEqual([]);
  });

  it("a refused token: log in, and where the token came from", () => {
    const { hints } = withHints(report({ code: "UNAUTHORIZED", status: 401, message: "Invalid token" }), {
      argv: ["plants", "list"],
      tokenSource: "VOKE_TOKEN",
    });
    expect(hints).toEqual([
      "The API refused the token (the token came from VOKE_TOKEN): run `voke login --with-token` to save a valid one.",
    ]);
  });

  it("redacts command-line values that may be tokens, not ids or file names", () => {
    expect(mayBeSecret("voke_AbC123xyz_-AbC123xyz")).toBe(true);
    expect(mayBeSecret("3f1c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f")).toBe(false);
    expect(mayBeSecret("voke-SN-001.json")).toBe(false);
    expect(redactArguments("got 1: voke_AbC123xyz_-AbC123xyz.", ["login", "voke_AbC123xyz_-AbC123xyz"])).toBe(
      "got 1: <redacted>.",
    );
  });

  it("voke login <token> never prints the token back, and says how to pass one", async () => {
    const token = "voke_Zx9vQ2mN8pL4kJ7hG3fD1sA6qW0eR5tY";
    const result = await runVoke(["login", token]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(token);
    expect(result.stderr).toContain("<redacted>");
    expect(result.stderr).toContain("voke login --with-token < token.txt");
    const flag = await runVoke(["plants", "list", `--api-url=${token}`]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toContain(token);
  });
});
