/**
 * The domain rules of what plants do over MQTT, for the broker: the same entry point REST's services are for
 * the API. Who may connect (lifecycle, revoked certificates), presence (ONLINE/OFFLINE, lastSeenAt, the first
 * connect activating a plant), refusal counters, self-reported status and stored telemetry. The broker keeps
 * transport concerns (sessions, signatures, batching) and calls these for every rule about a plant.
 */
import type { Clock } from "../clock.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { RefusalTally } from "../storage/plant-refusals.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import type { TelemetryRecord } from "../storage/telemetry.ts";

/** What a plant reports about itself on its status topic; undefined leaves a field as it is, null clears it. */
export interface StatusReport {
  esiState?: string | null | undefined;
  capacityKwh?: number | null | undefined;
  fvePeakPowerKwp?: number | null | undefined;
  plantWithLoad?: boolean | null | undefined;
  configEnabled?: boolean | null | undefined;
}

export interface DeviceActivityService {
  /** The plant a CONNECT names, or undefined. */
  findPlant(plantId: string): PlantRecord | undefined;
  isCertificateRevoked(serialNumber: string): boolean;
  /** Every plant OFFLINE: no session survives a restart. */
  resetPresence(): void;
  /**
   * A session opened: ONLINE, seen now, PROVISIONED → ACTIVE. False when the plant may no longer connect
   * (suspended or revoked since its CONNECT was accepted).
   */
  connected(plantId: string): boolean;
  /** The plant's last session closed. */
  disconnected(plantId: string): void;
  /** Moves lastSeenAt forward (never back), for plants whose messages were accepted. */
  seen(lastSeen: ReadonlyMap<string, string>): void;
  /** Adds refusals to the plants' per-reason counters (authentication failures and message refusals apart). */
  recordRefusals(tallies: readonly RefusalTally[]): void;
  applyStatus(plantId: string, report: StatusReport): void;
  storeTelemetry(record: TelemetryRecord): void;
}

export function createDeviceActivityService(deps: {
  store: Store;
  clock: Clock;
  /** Where presence, lifecycle, telemetry and refusal events go (GET /api/v1/events). */
  events?: EventPublisher;
}): DeviceActivityService {
  const { store, clock, events } = deps;
  return {
    findPlant: (plantId) => store.plants.findById(plantId),
    isCertificateRevoked: (serialNumber) => store.revokedCertificates.isRevoked(serialNumber),
    resetPresence: () => store.plants.markAllOffline(),
    connected(plantId) {
      const before = events ? store.plants.findById(plantId) : undefined;
      if (!store.plants.markOnline(plantId, clock.now().toISOString())) return false;
      if (before && events) {
        const { organizationId } = before;
        events.publish({ type: "presence", plantId, organizationId, data: { status: "ONLINE" } });
        const after = store.plants.findById(plantId)?.lifecycleStatus;
        if (after && after !== before.lifecycleStatus) {
          events.publish({
            type: "lifecycle",
            plantId,
            organizationId,
            data: { from: before.lifecycleStatus, to: after },
          });
        }
      }
      return true;
    },
    disconnected(plantId) {
      store.plants.markOffline(plantId);
      events?.publish({ type: "presence", plantId, data: { status: "OFFLINE" } });
    },
    seen(lastSeen) {
      for (const [plantId, at] of lastSeen) store.plants.touchLastSeen(plantId, at);
    },
    recordRefusals(tallies) {
      for (const tally of tallies) {
        store.plantRefusals.add(tally);
        events?.publish({
          type: "refusal",
          plantId: tally.plantId,
          data: { kind: tally.kind, reason: tally.reason, count: tally.count },
        });
      }
    },
    applyStatus(plantId, report) {
      store.plants.update(plantId, {
        esiState: report.esiState,
        capacityKwh: report.capacityKwh,
        fvePeakPowerKwp: report.fvePeakPowerKwp,
        plantWithLoad: report.plantWithLoad,
        configEnabled: report.configEnabled,
        updatedAt: clock.now().toISOString(),
      });
    },
    storeTelemetry(record) {
      store.telemetry.insert(record);
      events?.publish({
        type: "telemetry",
        plantId: record.plantId,
        data: { ts: record.ts, metrics: record.metrics },
      });
    },
  };
}
