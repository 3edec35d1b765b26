/** How plants, templates and alerts look in API replies (openapi.yaml Plant, PlantDetail, Template, Alert). */

import type { ApiSchemas } from "../api-schemas.ts";
import type { PlantDetailView, PlantView } from "../services/plants.ts";
import type { AlertRecord } from "../storage/alerts.ts";
import type { TemplateRecord } from "../storage/templates.ts";

export function templateView(template: TemplateRecord): ApiSchemas["Template"] {
  return {
    id: template.id,
    name: template.name,
    level: template.level,
    type: template.type,
    version: template.version,
    isSystem: template.isSystem,
    signals: template.signals,
    actions: template.actions,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
  };
}

export function alertView(alert: AlertRecord): ApiSchemas["Alert"] {
  return {
    id: alert.id,
    plantId: alert.plantId,
    alertRuleId: alert.alertRuleId,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    message: alert.message,
    metric: alert.metric,
    value: alert.value,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy,
    resolvedAt: alert.resolvedAt,
    createdAt: alert.createdAt,
    updatedAt: alert.updatedAt,
  };
}

/** A plant as lists and write operations return it. */
export function plantView({ plant, template }: PlantView): ApiSchemas["Plant"] {
  return {
    id: plant.id,
    organizationId: plant.organizationId,
    name: plant.name,
    serialNumber: plant.serialNumber,
    type: plant.type,
    authMethod: plant.authMethod,
    lifecycleStatus: plant.lifecycleStatus,
    status: plant.status,
    metadata: plant.metadata,
    templateId: plant.templateId,
    template: template ? templateView(template) : null,
    activatedAt: plant.activatedAt,
    lastSeenAt: plant.lastSeenAt,
    authFailureCount: plant.authFailureCount,
    lastAuthFailureAt: plant.lastAuthFailureAt,
    messageRefusalCount: plant.messageRefusalCount,
    lastMessageRefusalAt: plant.lastMessageRefusalAt,
    certificateFingerprint: plant.certificateFingerprint,
    certificateSerialNumber: plant.certificateSerialNumber,
    certificateExpiresAt: plant.certificateExpiresAt,
    secretRotatedAt: plant.secretRotatedAt,
    createdAt: plant.createdAt,
    updatedAt: plant.updatedAt,
  };
}

/** The detail view: the plant plus its self-reported state, alerts and plant groups. */
export function plantDetailView(view: PlantDetailView): ApiSchemas["PlantDetail"] {
  const { plant } = view;
  return {
    ...plantView(view),
    description: plant.description,
    externalPlantId: plant.externalPlantId,
    tag: plant.tag,
    latitude: plant.latitude,
    longitude: plant.longitude,
    esiState: plant.esiState,
    capacityKwh: plant.capacityKwh,
    fvePeakPowerKwp: plant.fvePeakPowerKwp,
    plantWithLoad: plant.plantWithLoad,
    configEnabled: plant.configEnabled,
    alerts: view.alerts.map(alertView),
    // Plant groups are not modelled by this server yet; the field is always present.
    plantGroups: [],
    refusals: { authentication: view.refusals.AUTHENTICATION, messages: view.refusals.MESSAGE },
  };
}
