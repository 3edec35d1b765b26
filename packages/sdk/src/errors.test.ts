import { describe, expect, test, vi } from "vitest";
import * as errors from "./errors.ts";

describe("error classes", () => {
  test("apiErrorFor picks the class by status and keeps code and request id", () => {
    const e = errors.apiErrorFor({
      status: 404,
      code: "PLANT_NOT_FOUND",
      message: "Plant not found",
      requestId: "r1",
    });
    expect(e).toBeInstanceOf(errors.NotFoundError);
    expect(e).toBeInstanceOf(errors.VokeApiError);
    expect(e).toBeInstanceOf(errors.VokeError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(errors.ConflictError);
    expect(e.name).toBe("NotFoundError");
    expect([e.status, e.code, e.requestId]).toEqual([404, "PLANT_NOT_FOUND", "r1"]);
    expect(errors.apiErrorFor({ status: 503, code: "X", message: "m" })).toBeInstanceOf(
      errors.InternalServerError,
    );
    expect(errors.apiErrorFor({ status: 415, code: "X", message: "m" }).constructor).toBe(
      errors.VokeApiError,
    );
  });

  test("instanceof works for an error made by another copy of the module", async () => {
    vi.resetModules();
    const copy = (await import("./errors.ts")) as typeof errors;
    expect(copy.NotFoundError).not.toBe(errors.NotFoundError);
    const foreign = new copy.NotFoundError({ status: 404, code: "NOT_FOUND", message: "x" });
    expect(foreign).toBeInstanceOf(errors.NotFoundError);
    expect(foreign).toBeInstanceOf(errors.VokeApiError);
    expect(foreign).not.toBeInstanceOf(errors.VokeTimeoutError);
    expect(new copy.VokeTimeoutError("slow")).toBeInstanceOf(errors.VokeError);
    expect(new copy.VokeTimeoutError("slow")).not.toBeInstanceOf(errors.VokeApiError);
  });
});
