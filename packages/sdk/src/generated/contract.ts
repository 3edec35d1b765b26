// Generated from openapi.yaml by scripts/generate-contract.ts (`pnpm spec:generate`). Do not edit.

/** openapi.yaml ApiTokenRole. */
export const API_TOKEN_ROLE_VALUES = ["viewer", "operator", "provisioner", "admin", "superadmin"] as const;

/** openapi.yaml PlantType. */
export const PLANT_TYPE_VALUES = ["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER"] as const;

/** openapi.yaml AuthMethod. */
export const AUTH_METHOD_VALUES = ["MTLS", "TOKEN", "PASSWORD"] as const;

/** openapi.yaml LifecycleStatus. */
export const LIFECYCLE_STATUS_VALUES = ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED", "DECOMMISSIONED"] as const;

/** openapi.yaml ConnectionStatus. */
export const CONNECTION_STATUS_VALUES = ["ONLINE", "OFFLINE"] as const;

/** openapi.yaml TemplateLevel. */
export const TEMPLATE_LEVEL_VALUES = ["PLANT", "DEVICE"] as const;

/** openapi.yaml EventType. */
export const EVENT_TYPE_VALUES = ["telemetry", "presence", "lifecycle", "command", "alert", "refusal"] as const;

/** openapi.yaml CommandStatus. */
export const COMMAND_STATUS_VALUES = ["QUEUED", "SENT", "SUCCEEDED", "FAILED", "TIMED_OUT", "EXPIRED"] as const;

/** openapi.yaml AlertCondition. */
export const ALERT_CONDITION_VALUES = ["LT", "GT", "EQ"] as const;

/** openapi.yaml AlertSeverity. */
export const ALERT_SEVERITY_VALUES = ["INFO", "WARNING", "CRITICAL", "EMERGENCY"] as const;

/** Field limits of openapi.yaml CreateApiTokenRequest. */
export const CREATE_API_TOKEN_REQUEST_LIMITS = {
  name: { minLength: 1, maxLength: 100 },
} as const;

/** Field limits of openapi.yaml CreatePlantRequest. */
export const CREATE_PLANT_REQUEST_LIMITS = {
  name: { minLength: 1, maxLength: 100 },
  serialNumber: { minLength: 1, maxLength: 50 },
} as const;

/** Field limits of openapi.yaml UpdatePlantRequest. */
export const UPDATE_PLANT_REQUEST_LIMITS = {
  name: { minLength: 1, maxLength: 100 },
  serialNumber: { minLength: 1, maxLength: 50 },
  externalPlantId: { maxLength: 120 },
} as const;

/** Field limits of openapi.yaml SendCommandRequest. */
export const SEND_COMMAND_REQUEST_LIMITS = {
  command: { minLength: 1, maxLength: 255 },
  target: { maxLength: 32, pattern: "^[A-Z0-9_-]{1,32}$" },
} as const;

/** Field limits of openapi.yaml CreateAlertRuleRequest. */
export const CREATE_ALERT_RULE_REQUEST_LIMITS = {
  name: { minLength: 1, maxLength: 200 },
  metric: { minLength: 1, maxLength: 100 },
  cooldownMinutes: { minimum: 1, maximum: 1440 },
} as const;

/** Field limits of openapi.yaml UpdateAlertRuleRequest. */
export const UPDATE_ALERT_RULE_REQUEST_LIMITS = {
  name: { minLength: 1, maxLength: 200 },
  metric: { minLength: 1, maxLength: 100 },
  cooldownMinutes: { minimum: 1, maximum: 1440 },
} as const;
