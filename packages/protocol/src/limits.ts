/** The protocol's fixed limits, shared by the broker that enforces them and the device helper that respects them. */

/** Largest MQTT payload (the whole envelope) a device may publish. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Telemetry: at most this many metrics per message… */
export const MAX_METRICS = 200;
/** …with names of 1 to this many characters. */
export const MAX_METRIC_NAME_LENGTH = 128;
/** Status: `esiState` is at most this long. */
export const MAX_ESI_STATE_LENGTH = 64;
/** Ack: `cmdId` is 1 to this many characters. */
export const MAX_CMD_ID_LENGTH = 128;
/** `nonce`: 8 to 64 printable ASCII characters. */
export const MIN_NONCE_LENGTH = 8;
export const MAX_NONCE_LENGTH = 64;
/** A message whose `ts` is further than this from the receiver's clock is stale. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A nonce may not be used again by the same plant within this window. */
export const REPLAY_WINDOW_MS = 10 * 60 * 1000;
/** Longest client id suffix in `<plantId>:<suffix>`. */
export const MAX_CLIENT_ID_SUFFIX_LENGTH = 23;
