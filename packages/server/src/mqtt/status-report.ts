/** Applies a plant's status message to the fields it reports about itself (esiState, capacityKwh, …). */
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import type { StatusBody } from "./device-messages.ts";

/** Sets the fields the body carries (null clears one); fields it leaves out keep their value. */
export function applyStatusReport(
  deps: { store: Store; clock: Clock },
  plantId: string,
  body: StatusBody,
): void {
  deps.store.plants.update(plantId, {
    esiState: body.esiState,
    capacityKwh: body.capacityKwh,
    fvePeakPowerKwp: body.fvePeakPowerKwp,
    plantWithLoad: body.plantWithLoad,
    configEnabled: body.configEnabled,
    updatedAt: deps.clock.now().toISOString(),
  });
}
