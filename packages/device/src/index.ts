/**
 * `@voke/device`: the plant side of the Voke MQTT protocol (docs/protocol.md) — connect with a
 * provisioning package, publish signed telemetry and status, receive verified commands and ack them.
 */
export { type Backoff, type BackoffOptions, createBackoff } from "./backoff.ts";
export type {
  CommandHandler,
  CommandOutcome,
  CommandRejection,
  CommandReply,
} from "./command-dispatcher.ts";
export {
  type ConnectPlantOptions,
  connectPlant,
  type DeviceClock,
  type DeviceLogger,
  type PlantConnection,
  type PlantConnectionEvents,
  type PublishReceipt,
} from "./connect-plant.ts";
export { mqttClientOptions } from "./connection-options.ts";
// The signed envelope (sign, encode, verify), as @voke/protocol defines it.
export * from "./envelope.ts";
export { DeviceError, type DeviceErrorCode } from "./errors.ts";
export {
  type AckBody,
  type AckStatus,
  ackBody,
  type MessageStamp,
  type PlantCommand,
  parseCommandBody,
  type StatusBody,
  type StatusFields,
  statusBody,
  type TelemetryBody,
  type TelemetryMetrics,
  telemetryBody,
} from "./messages.ts";
export {
  type AuthMethod,
  loadProvisioningPackage,
  type MqttTopics,
  type ProvisioningPackage,
  parseProvisioningPackage,
} from "./provisioning-package.ts";
