/** Plant management: list, create, read, update, delete, suspend and reactivate, within the caller's tenancy. */

import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { AlertRecord } from "../storage/alerts.ts";
import type { RefusalKind } from "../storage/plant-refusals.ts";
import type { AuthMethod, PlantChanges, PlantRecord, PlantType } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import type { TemplateRecord } from "../storage/templates.ts";
import { organizationScope, type Principal } from "./access.ts";
import { type CertificateStats, getCertificateStats } from "./certificate-stats.ts";
import type { DeviceGateway } from "./device-gateway.ts";
import { computeEnergySummary, type EnergySummary, utcDay } from "./energy.ts";
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  plantNotFound,
  ValidationError,
} from "./errors.ts";
import { findVisiblePlant, publishLifecycle } from "./plant-access.ts";
import { assertActionAllowed, reactivatedState } from "./plant-lifecycle.ts";
import type { RevocationList } from "./revocation-list.ts";

export interface PlantServiceDeps {
  /** Where lifecycle and command events go (GET /api/v1/events). */
  events?: EventPublisher;
  store: Store;
  clock: Clock;
  gateway: DeviceGateway;
  revocationList: RevocationList;
}

/** A plant with its template, as every plant view shows it. */
export interface PlantView {
  plant: PlantRecord;
  template: TemplateRecord | null;
}

export interface PlantDetailView extends PlantView {
  alerts: AlertRecord[];
  /** Refusals counted against the plant, by kind and reason. */
  refusals: Record<RefusalKind, Record<string, number>>;
}

export interface ListPlantsInput {
  page: number;
  limit: number;
  authMethod?: AuthMethod | undefined;
}

export interface CreatePlantInput {
  name: string;
  serialNumber: string;
  type: PlantType;
  authMethod?: AuthMethod | undefined;
  metadata?: Record<string, unknown> | null | undefined;
}

export interface UpdatePlantInput {
  name?: string | undefined;
  serialNumber?: string | undefined;
  type?: PlantType | undefined;
  authMethod?: AuthMethod | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  externalPlantId?: string | null | undefined;
  organizationId?: string | undefined;
  templateId?: string | null | undefined;
}

export interface PlantService {
  list(principal: Principal, input: ListPlantsInput): { items: PlantView[]; total: number };
  create(principal: Principal, input: CreatePlantInput): PlantView;
  /** The plant if the caller may see it; NotFoundError (PLANT_NOT_FOUND) otherwise. */
  find(principal: Principal, id: string): PlantRecord;
  get(principal: Principal, id: string): PlantDetailView;
  update(principal: Principal, id: string, input: UpdatePlantInput): PlantView;
  delete(principal: Principal, id: string): Promise<void>;
  suspend(principal: Principal, id: string): PlantRecord;
  reactivate(principal: Principal, id: string): PlantRecord;
  /** Today's (UTC) energy from the plant's telemetry. */
  energyToday(principal: Principal, id: string): EnergySummary;
  certificateStats(principal: Principal): CertificateStats;
}

export function createPlantService(deps: PlantServiceDeps): PlantService {
  const { store, clock, gateway } = deps;
  const lifecycleChanged = (plant: PlantRecord, to: string) => publishLifecycle(deps.events, plant, to);
  const find = (principal: Principal, plantId: string): PlantRecord =>
    findVisiblePlant(store, principal, plantId);

  const templateOf = (
    plant: PlantRecord,
    cache?: Map<string, TemplateRecord | null>,
  ): TemplateRecord | null => {
    if (plant.templateId === null) return null;
    const cached = cache?.get(plant.templateId);
    if (cached !== undefined) return cached;
    const template = store.templates.findById(plant.templateId) ?? null;
    cache?.set(plant.templateId, template);
    return template;
  };

  const assertSerialNumberFree = (serialNumber: string, exceptPlantId?: string) => {
    const existing = store.plants.findBySerialNumber(serialNumber);
    if (existing && existing.id !== exceptPlantId) throw serialNumberTaken();
  };

  return {
    list(principal, input) {
      const { items, total } = store.plants.list({
        organizationId: organizationScope(principal),
        authMethod: input.authMethod,
        offset: (input.page - 1) * input.limit,
        limit: input.limit,
      });
      const cache = new Map<string, TemplateRecord | null>();
      return { items: items.map((plant) => ({ plant, template: templateOf(plant, cache) })), total };
    },

    create(principal, input) {
      const now = clock.now().toISOString();
      const plant: PlantRecord = {
        id: randomUUID(),
        organizationId: principal.organizationId,
        name: input.name,
        serialNumber: input.serialNumber,
        type: input.type,
        authMethod: input.authMethod ?? "MTLS",
        lifecycleStatus: "PENDING",
        status: "OFFLINE",
        templateId: null,
        externalPlantId: null,
        description: null,
        tag: null,
        latitude: null,
        longitude: null,
        metadata: input.metadata ?? null,
        esiState: null,
        capacityKwh: null,
        fvePeakPowerKwp: null,
        plantWithLoad: null,
        configEnabled: null,
        certificateFingerprint: null,
        certificateSerialNumber: null,
        certificateExpiresAt: null,
        secretRotatedAt: null,
        provisionedAt: null,
        activatedAt: null,
        lastSeenAt: null,
        authFailureCount: 0,
        lastAuthFailureAt: null,
        messageRefusalCount: 0,
        lastMessageRefusalAt: null,
        mqttTokenEpoch: 0,
        createdAt: now,
        updatedAt: now,
      };
      store.transaction(() => {
        assertSerialNumberFree(plant.serialNumber);
        insertOrConflict(() => store.plants.insert(plant));
      });
      return { plant, template: null };
    },

    find,

    get(principal, id) {
      const plant = find(principal, id);
      return {
        plant,
        template: templateOf(plant),
        alerts: store.alerts.listForPlant(plant.id),
        refusals: store.plantRefusals.countsFor(plant.id),
      };
    },

    update(principal, id, input) {
      const plant = find(principal, id);
      const changes: PlantChanges = {
        name: input.name,
        serialNumber: input.serialNumber,
        type: input.type,
        authMethod: input.authMethod,
        metadata: input.metadata,
        externalPlantId: input.externalPlantId,
      };
      // Setting organizationId at all is a superadmin's right, even to the plant's own organization.
      if (input.organizationId !== undefined && principal.role !== "superadmin") {
        throw new ForbiddenError("Only a superadmin may set organizationId");
      }
      if (input.organizationId !== undefined && input.organizationId !== plant.organizationId) {
        if (!store.organizations.findById(input.organizationId)) {
          throw new ValidationError([{ path: "organizationId", message: "no such organization" }]);
        }
        changes.organizationId = input.organizationId;
      }
      if (input.templateId !== undefined) {
        if (input.templateId !== null)
          assertPlantTemplate(store, input.templateId, changes.organizationId ?? plant.organizationId);
        changes.templateId = input.templateId;
      }
      changes.updatedAt = clock.now().toISOString();
      const updated = store.transaction(() => {
        if (input.serialNumber !== undefined) assertSerialNumberFree(input.serialNumber, plant.id);
        return insertOrConflict(() => store.plants.update(plant.id, changes));
      });
      if (!updated) throw plantNotFound();
      return { plant: updated, template: templateOf(updated) };
    },

    async delete(principal, id) {
      const plant = find(principal, id);
      const now = clock.now().toISOString();
      const revokedCertificate = store.transaction(() => {
        const credential = store.plantCredentials.findByPlantId(plant.id);
        const serial = credential?.certificateSerialNumber ?? null;
        // The certificate stays on the CRL after the plant is gone: it must never authenticate again.
        if (serial !== null && !store.revokedCertificates.isRevoked(serial)) {
          store.revokedCertificates.add({
            serialNumber: serial,
            plantId: plant.id,
            revokedAt: now,
            reason: "cessationOfOperation",
            notAfter: credential?.certificateNotAfter ?? null,
          });
        }
        store.plants.delete(plant.id);
        return serial !== null;
      });
      gateway.closeSession(plant.id, "plant deleted");
      if (revokedCertificate) gateway.reloadCrl(await deps.revocationList.refresh());
    },

    suspend(principal, id) {
      const plant = find(principal, id);
      assertActionAllowed(plant, "suspend");
      const updated = store.plants.update(plant.id, {
        lifecycleStatus: "SUSPENDED",
        // MQTT tokens issued before the suspend stay refused after a reactivate.
        mqttTokenEpoch: plant.mqttTokenEpoch + 1,
        updatedAt: clock.now().toISOString(),
      });
      gateway.closeSession(plant.id, "plant suspended");
      lifecycleChanged(plant, "SUSPENDED");
      return updated ?? plant;
    },

    reactivate(principal, id) {
      const plant = find(principal, id);
      assertActionAllowed(plant, "reactivate");
      const to = reactivatedState(plant);
      const updated = store.plants.update(plant.id, {
        lifecycleStatus: to,
        updatedAt: clock.now().toISOString(),
      });
      lifecycleChanged(plant, to);
      return updated ?? plant;
    },

    energyToday(principal, id) {
      const plant = find(principal, id);
      const day = utcDay(clock.now());
      return computeEnergySummary(day.date, store.telemetry.listForPlant(plant.id, day.start, day.end));
    },

    certificateStats: (principal) => getCertificateStats(store, principal, clock.now()),
  };
}

/** Only templates of level PLANT visible to the organization may be assigned to a plant. */
function assertPlantTemplate(store: Store, templateId: string, organizationId: string): void {
  const template = store.templates.findById(templateId);
  if (!template || (template.organizationId !== null && template.organizationId !== organizationId)) {
    throw new NotFoundError("TEMPLATE_NOT_FOUND", "Template not found");
  }
  if (template.level !== "PLANT") {
    throw new InvalidRequestError(
      `Template ${templateId} has level ${template.level}; a plant needs a PLANT template`,
    );
  }
}

function serialNumberTaken(): ConflictError {
  return new ConflictError("PLANT_ALREADY_EXISTS", "Plant with this serial number already exists");
}

/** Runs a write and turns a UNIQUE violation on the serial number (a race with another writer) into a 409. */
function insertOrConflict<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: plants\.serial_number/.test(error.message)) {
      throw serialNumberTaken();
    }
    throw error;
  }
}
