/**
 * `@voke/protocol`: the Voke MQTT device protocol (docs/protocol.md) as code — the signed envelope, topics and
 * client ids, limits, refusal names and message bodies. The broker and the device helper both import it, so
 * the two sides cannot drift apart. No dependencies beyond Node's crypto.
 */
export {
  type EnvelopeCheck,
  encodeEnvelope,
  envelopeDigest,
  envelopeSignature,
  type SignedEnvelope,
  signEnvelope,
  verifyEnvelope,
} from "./envelope.ts";
export * from "./limits.ts";
export {
  ACK_STATUSES,
  type AckBody,
  type AckStatus,
  type BodyCheck,
  checkAck,
  checkCommand,
  checkStatus,
  checkTelemetry,
  isNonce,
  isPlainObject,
  type MessageStamp,
  type PlantCommand,
  parseStamp,
  STATUS_FIELDS,
  type StatusBody,
  type StatusFields,
  statusFieldProblem,
  type TelemetryBody,
  type TelemetryMetrics,
} from "./messages.ts";
export {
  AUTH_REFUSALS,
  type AuthRefusal,
  type EnvelopeRefusal,
  MESSAGE_REFUSALS,
  type MessageRefusal,
} from "./refusals.ts";
export {
  type ClientIdentity,
  type DeviceMessageKind,
  type PlantTopics,
  parseClientId,
  plantIdNamedBy,
  plantTopics,
  TOPIC_PREFIX,
} from "./topics.ts";
