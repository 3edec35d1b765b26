import { describe, expect, it } from "vitest";
import type { LifecycleStatus } from "../storage/plants.ts";
import { InvalidRequestError } from "./errors.ts";
import {
  ALLOWED_STATES,
  assertActionAllowed,
  isActionAllowed,
  type PlantAction,
  reactivatedState,
} from "./plant-lifecycle.ts";

const STATES: LifecycleStatus[] = ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED", "DECOMMISSIONED"];

describe("plant lifecycle", () => {
  it("matches DESIGN.md's table", () => {
    const table = Object.fromEntries(
      (Object.keys(ALLOWED_STATES) as PlantAction[]).map((action) => [
        action,
        STATES.filter((state) => isActionAllowed({ lifecycleStatus: state, authMethod: "TOKEN" }, action)),
      ]),
    );
    expect(table).toEqual({
      provision: ["PENDING", "PROVISIONED", "ACTIVE"],
      download: ["PENDING", "PROVISIONED", "ACTIVE"],
      rotateSecret: ["PROVISIONED", "ACTIVE"],
      mqttToken: ["PROVISIONED", "ACTIVE"],
      suspend: ["PROVISIONED", "ACTIVE"],
      reactivate: ["SUSPENDED"],
      revoke: ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED"],
      sendCommand: ["PROVISIONED", "ACTIVE"],
    });
  });

  it("issues MQTT tokens to TOKEN plants only", () => {
    expect(isActionAllowed({ lifecycleStatus: "ACTIVE", authMethod: "MTLS" }, "mqttToken")).toBe(false);
    expect(isActionAllowed({ lifecycleStatus: "ACTIVE", authMethod: "PASSWORD" }, "mqttToken")).toBe(false);
  });

  it("explains a refusal as a 400 BAD_REQUEST", () => {
    expect(() =>
      assertActionAllowed({ lifecycleStatus: "DECOMMISSIONED", authMethod: "MTLS" }, "revoke"),
    ).toThrow("Plant is already decommissioned");
    try {
      assertActionAllowed({ lifecycleStatus: "SUSPENDED", authMethod: "MTLS" }, "sendCommand");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe("BAD_REQUEST");
      expect((error as Error).message).toBe(
        "Plant cannot take commands in lifecycle state SUSPENDED (allowed in PROVISIONED, ACTIVE)",
      );
    }
  });

  it("reactivates to ACTIVE only when the plant has connected before", () => {
    expect(reactivatedState({ activatedAt: "2025-01-01T00:00:00.000Z" })).toBe("ACTIVE");
    expect(reactivatedState({ activatedAt: null })).toBe("PROVISIONED");
  });
});
