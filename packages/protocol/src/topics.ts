/** The four MQTT topics of a plant (`voke/v1/{plantId}/…`) and the client ids a plant may connect with. */
import { MAX_CLIENT_ID_SUFFIX_LENGTH } from "./limits.ts";

export interface PlantTopics {
  telemetry: string;
  status: string;
  ack: string;
  commands: string;
}

/** The topics a device publishes to; the server consumes each kind differently. */
export type DeviceMessageKind = "telemetry" | "status" | "ack";

export const TOPIC_PREFIX = "voke/v1/";

/** @example plantTopics(id).commands === `voke/v1/${id}/commands` */
export function plantTopics(plantId: string): PlantTopics {
  const base = `${TOPIC_PREFIX}${plantId}/`;
  return {
    telemetry: `${base}telemetry`,
    status: `${base}status`,
    ack: `${base}ack`,
    commands: `${base}commands`,
  };
}

const CLIENT_ID = new RegExp(
  `^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?::([a-z0-9_-]{1,${MAX_CLIENT_ID_SUFFIX_LENGTH}}))?$`,
);

/** A client id read: the plant it speaks for, and its suffix (undefined for the plain plant id). */
export interface ClientIdentity {
  plantId: string;
  suffix: string | undefined;
}

/**
 * Reads a client id: the plant id in canonical form (lower-case UUID), optionally followed by `:` and a suffix
 * of 1–23 characters `[a-z0-9_-]`, so one device may hold more than one connection (e.g. `<id>:sub`).
 * Any other spelling (upper case, braces, whitespace) is not a plant's client id: undefined.
 *
 * @example parseClientId(`${id}:pub`) // { plantId: id, suffix: "pub" }
 */
export function parseClientId(clientId: string): ClientIdentity | undefined {
  const match = CLIENT_ID.exec(clientId);
  if (!match) return undefined;
  return { plantId: match[1] as string, suffix: match[2] };
}

const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The plant id a client id names in any letter case (to charge a refused, non-canonical CONNECT to its plant). */
export function plantIdNamedBy(clientId: string): string | undefined {
  return UUID_ANY_CASE.exec(clientId)?.[0].toLowerCase();
}
