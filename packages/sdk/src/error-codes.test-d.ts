import { describe, expectTypeOf, test } from "vitest";
import type { OperationError, OperationErrorCode, VokeApiError } from "./index.ts";

describe("error codes are typed per operation from the spec", () => {
  test("createPlant lists validation, auth, conflicts, limits and server errors", () => {
    expectTypeOf<OperationErrorCode<"createPlant">>().toEqualTypeOf<
      | "VALIDATION_ERROR"
      | "UNAUTHORIZED"
      | "TOKEN_REVOKED"
      | "TOKEN_EXPIRED"
      | "FORBIDDEN"
      | "PLANT_ALREADY_EXISTS"
      | "IDEMPOTENCY_KEY_REUSED"
      | "PAYLOAD_TOO_LARGE"
      | "UNSUPPORTED_MEDIA_TYPE"
      | "RATE_LIMITED"
      | "INTERNAL_SERVER_ERROR"
    >();
  });

  test("getPlant can be not found; listTemplates cannot", () => {
    expectTypeOf<"PLANT_NOT_FOUND">().toExtend<OperationErrorCode<"getPlant">>();
    expectTypeOf<"PLANT_NOT_FOUND">().not.toExtend<OperationErrorCode<"listTemplates">>();
  });

  test("OperationError narrows code; VokeApiError alone keeps it a string", () => {
    expectTypeOf<OperationError<"getPlant">["code"]>().toEqualTypeOf<OperationErrorCode<"getPlant">>();
    expectTypeOf<OperationError<"getPlant">>().toExtend<VokeApiError>();
    expectTypeOf<VokeApiError["code"]>().toBeString();
  });
});
