/**
 * The names of every refusal, as they appear in the plant's counters (`GET /plants/{id}`), in the broker's log
 * lines and in the SDK's errors. Authentication failures (a CONNECT refused) and message refusals (a publish or
 * subscribe of a connected plant dropped) are counted apart.
 */

/** Why an envelope was refused before its body was read. */
export type EnvelopeRefusal = "BAD_JSON" | "UNSIGNED" | "BAD_SIGNATURE" | "BAD_BODY";

/** Why a CONNECT was refused. */
export const AUTH_REFUSALS = [
  /** The client id is not `<plantId>` or `<plantId>:<suffix>` in canonical (lower-case) form. */
  "BAD_CLIENT_ID",
  /** No plant has that id. */
  "UNKNOWN_PLANT",
  /** The plant is PENDING, SUSPENDED or DECOMMISSIONED. */
  "PLANT_NOT_LIVE",
  /** MTLS: no client certificate, or one that does not chain to the Voke CA. */
  "BAD_CERTIFICATE",
  /** MTLS: the certificate's CN is another plant's. */
  "CERTIFICATE_OTHER_PLANT",
  /** MTLS: not the plant's current certificate (superseded by a re-provision). */
  "CERTIFICATE_SUPERSEDED",
  /** MTLS: the certificate is on the revocation list. */
  "CERTIFICATE_REVOKED",
  /** TOKEN/PASSWORD: the username is not the plant id. */
  "BAD_USERNAME",
  /** TOKEN/PASSWORD: no password given. */
  "NO_PASSWORD",
  /** PASSWORD: neither the current secret nor the previous one in its grace period. */
  "WRONG_PASSWORD",
  /** TOKEN: not a JWT of this server, or expired. */
  "BAD_TOKEN",
  /** TOKEN: issued to another plant. */
  "TOKEN_OTHER_PLANT",
  /** TOKEN: issued before the plant was last suspended, revoked or re-provisioned. */
  "TOKEN_SUPERSEDED",
  /** The plant already holds the most sessions it may. */
  "TOO_MANY_SESSIONS",
  /** A CONNECT for MQTT 5 (protocol level 5); the broker speaks 3.1.1 (and 3.1). */
  "MQTT5_UNSUPPORTED",
  /** The CONNECT packet was larger than the broker accepts. */
  "CONNECT_TOO_LARGE",
] as const;
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];

/** Why a message (publish or subscribe) of a connected plant was dropped. */
export const MESSAGE_REFUSALS = [
  "BAD_JSON",
  "UNSIGNED",
  "BAD_SIGNATURE",
  "BAD_BODY",
  /** `ts` missing, malformed or more than 5 minutes off the server's clock. */
  "STALE",
  /** `nonce` missing or malformed. */
  "BAD_NONCE",
  /** `nonce` already used by this plant in the last 10 minutes (and no DUP flag). */
  "REPLAY",
  /** Payload larger than MAX_PAYLOAD_BYTES, or a packet larger than the broker accepts (session closed). */
  "TOO_LARGE",
  /** Publish to a topic that is not one of the plant's own device topics (session closed). */
  "TOPIC_NOT_ALLOWED",
  /** Subscription to anything but the plant's own commands topic (SUBACK 0x80). */
  "SUBSCRIPTION_NOT_ALLOWED",
  /** An ack for another plant's command. */
  "FOREIGN_ACK",
  /** Over the plant's telemetry quota (messages per second or bytes per day). */
  "QUOTA_EXCEEDED",
] as const;
export type MessageRefusal = (typeof MESSAGE_REFUSALS)[number];
