/** What the plant and credential services share: finding a plant the caller may see, announcing a lifecycle change. */
import type { EventPublisher } from "../events/event-hub.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import { canAccessOrganization, type Principal } from "./access.ts";
import { plantNotFound } from "./errors.ts";

/** The plant, or 404 PLANT_NOT_FOUND when it does not exist or belongs to an organization the caller cannot see. */
export function findVisiblePlant(store: Store, principal: Principal, plantId: string): PlantRecord {
  const plant = store.plants.findById(plantId);
  if (!plant || !canAccessOrganization(principal, plant.organizationId)) throw plantNotFound();
  return plant;
}

/** Publishes a `lifecycle` event (GET /api/v1/events) for `plant` moving from its current state to `to`. */
export function publishLifecycle(events: EventPublisher | undefined, plant: PlantRecord, to: string): void {
  events?.publish({
    type: "lifecycle",
    plantId: plant.id,
    organizationId: plant.organizationId,
    data: { from: plant.lifecycleStatus, to },
  });
}
