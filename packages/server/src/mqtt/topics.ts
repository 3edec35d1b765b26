/** The four MQTT topics of a plant (`voke/v1/{plantId}/…`) and which of them a device may use. */

export interface PlantTopics {
  telemetry: string;
  status: string;
  ack: string;
  commands: string;
}

/** The topics a device publishes to; the server consumes each kind differently. */
export type DeviceMessageKind = "telemetry" | "status" | "ack";

const PREFIX = "voke/v1/";

/** @example plantTopics(id).commands === `voke/v1/${id}/commands` */
export function plantTopics(plantId: string): PlantTopics {
  const base = `${PREFIX}${plantId}/`;
  return {
    telemetry: `${base}telemetry`,
    status: `${base}status`,
    ack: `${base}ack`,
    commands: `${base}commands`,
  };
}
