/** Names for the API's schemas and list queries, derived from the generated OpenAPI types. */
import type { components, operations } from "./generated/schema.d.ts";

type Schemas = components["schemas"];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;

export type Plant = Schemas["Plant"];
export type PlantDetail = Schemas["PlantDetail"];
export type PlantPage = Schemas["PlantPage"];
export type PlantType = Schemas["PlantType"];
export type PlantGroup = Schemas["PlantGroup"];
export type AuthMethod = Schemas["AuthMethod"];
export type LifecycleStatus = Schemas["LifecycleStatus"];
export type ConnectionStatus = Schemas["ConnectionStatus"];
export type CreatePlantRequest = Schemas["CreatePlantRequest"];
export type UpdatePlantRequest = Schemas["UpdatePlantRequest"];
export type ProvisioningPackage = Schemas["ProvisioningPackage"];
export type MqttTopics = Schemas["MqttTopics"];
export type RotatedSecret = Schemas["RotatedSecret"];
export type MqttToken = Schemas["MqttToken"];
export type EnergySummary = Schemas["EnergySummary"];
export type TelemetryHistory = Schemas["TelemetryHistory"];
export type TelemetryPoint = Schemas["TelemetryPoint"];
export type TelemetryBucket = Schemas["TelemetryBucket"];
export type TelemetryAggregate = Schemas["TelemetryAggregate"];
/** One event of `client.events.stream()`. */
export type VokeEvent = Schemas["Event"];
export type EventType = Schemas["EventType"];
export type CertificateStats = Schemas["CertificateStats"];
export type AtRiskPlant = Schemas["AtRiskPlant"];
export type MessageResponse = Schemas["MessageResponse"];
export type Command = Schemas["Command"];
export type CommandPage = Schemas["CommandPage"];
export type CommandStatus = Schemas["CommandStatus"];
export type SendCommandRequest = Schemas["SendCommandRequest"];
export type AlertRule = Schemas["AlertRule"];
export type AlertRulePage = Schemas["AlertRulePage"];
export type AlertCondition = Schemas["AlertCondition"];
export type AlertSeverity = Schemas["AlertSeverity"];
export type CreateAlertRuleRequest = Schemas["CreateAlertRuleRequest"];
export type UpdateAlertRuleRequest = Schemas["UpdateAlertRuleRequest"];
export type Alert = Schemas["Alert"];
export type Template = Schemas["Template"];
export type TemplateLevel = Schemas["TemplateLevel"];
export type TemplateList = Schemas["TemplateList"];
export type ApiToken = Schemas["ApiToken"];
export type ApiTokenPage = Schemas["ApiTokenPage"];
export type ApiTokenRole = Schemas["ApiTokenRole"];
export type CreatedApiToken = Schemas["CreatedApiToken"];
export type CreateApiTokenRequest = Schemas["CreateApiTokenRequest"];
export type ErrorBody = Schemas["ErrorBody"];
export type PaginationMeta = Schemas["PaginationMeta"];
export type ValidationIssue = Schemas["ValidationIssue"];

export type ListPlantsQuery = QueryOf<"listPlants">;
export type ListCommandsQuery = QueryOf<"listPlantCommands">;
export type TelemetryQuery = QueryOf<"getPlantTelemetry">;
export type ListAlertRulesQuery = QueryOf<"listAlertRules">;
export type ListTemplatesQuery = QueryOf<"listTemplates">;
export type ListApiTokensQuery = QueryOf<"listApiTokens">;

/** `plants.downloadProvisioning()`: the package and the file name the server suggests for it. */
export interface ProvisioningDownload {
  /** The provisioning package (it holds secrets: store it with care). */
  data: ProvisioningPackage;
  /**
   * From `Content-Disposition` (`voke-<serialNumber>.json`), reduced to a safe base name;
   * `voke-<plantId>.json` when the header is missing or unusable.
   */
  filename: string;
}
