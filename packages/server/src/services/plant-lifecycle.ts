/** The plant lifecycle table: which actions each lifecycle state allows, and where each action leads. */
import type { LifecycleStatus, PlantRecord } from "../storage/plants.ts";
import { InvalidRequestError } from "./errors.ts";

export type PlantAction =
  | "provision"
  | "download"
  | "rotateSecret"
  | "mqttToken"
  | "suspend"
  | "reactivate"
  | "revoke"
  | "sendCommand";

const LIVE: readonly LifecycleStatus[] = ["PROVISIONED", "ACTIVE"];

/** DESIGN.md "Lifecycle": the states in which each action is allowed. */
export const ALLOWED_STATES: Readonly<Record<PlantAction, readonly LifecycleStatus[]>> = {
  provision: ["PENDING", "PROVISIONED", "ACTIVE"],
  download: ["PENDING", "PROVISIONED", "ACTIVE"],
  rotateSecret: LIVE,
  mqttToken: LIVE,
  suspend: LIVE,
  reactivate: ["SUSPENDED"],
  revoke: ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED"],
  sendCommand: LIVE,
};

const VERB: Record<PlantAction, string> = {
  provision: "be provisioned",
  download: "be provisioned",
  rotateSecret: "rotate its secret",
  mqttToken: "get an MQTT token",
  suspend: "be suspended",
  reactivate: "be reactivated",
  revoke: "be revoked",
  sendCommand: "take commands",
};

/** Whether `plant` may undergo `action` now. */
export function isActionAllowed(
  plant: Pick<PlantRecord, "lifecycleStatus" | "authMethod">,
  action: PlantAction,
): boolean {
  if (action === "mqttToken" && plant.authMethod !== "TOKEN") return false;
  return ALLOWED_STATES[action].includes(plant.lifecycleStatus);
}

/** Throws 400 BAD_REQUEST with a message saying why, unless `action` is allowed for `plant`. */
export function assertActionAllowed(
  plant: Pick<PlantRecord, "lifecycleStatus" | "authMethod">,
  action: PlantAction,
): void {
  if (isActionAllowed(plant, action)) return;
  const details = { lifecycleStatus: plant.lifecycleStatus, authMethod: plant.authMethod };
  if (action === "revoke")
    throw new InvalidRequestError("Plant is already decommissioned", "BAD_REQUEST", details);
  if (action === "mqttToken" && plant.authMethod !== "TOKEN") {
    throw new InvalidRequestError(
      `MQTT tokens are only issued to plants with authMethod TOKEN; this plant uses ${plant.authMethod}`,
      "BAD_REQUEST",
      details,
    );
  }
  throw new InvalidRequestError(
    `Plant cannot ${VERB[action]} in lifecycle state ${plant.lifecycleStatus} ` +
      `(allowed in ${ALLOWED_STATES[action].join(", ")})`,
    "BAD_REQUEST",
    details,
  );
}

/** Where reactivate leads: back to ACTIVE, or PROVISIONED when the plant never connected. */
export function reactivatedState(plant: Pick<PlantRecord, "activatedAt">): LifecycleStatus {
  return plant.activatedAt === null ? "PROVISIONED" : "ACTIVE";
}
