/** What the REST side needs from the MQTT side; the broker implements it, a no-op stands in without one. */

export interface DeviceGateway {
  /** Drops the plant's live MQTT session, if any (suspend, revoke, re-provision, delete). */
  closeSession(plantId: string, reason: string): void;
  /** A command was stored for the plant; deliver it now if the plant is online. */
  commandQueued(plantId: string): void;
  /** Whether the plant has an open MQTT session. */
  isOnline(plantId: string): boolean;
  /** The CA's revocation list changed; refuse the certificates it lists from now on. */
  reloadCrl(pem: string): void;
}

/** A gateway with no broker behind it: every plant is offline and nothing is delivered. */
export function createNoopDeviceGateway(): DeviceGateway {
  return {
    closeSession: () => {},
    commandQueued: () => {},
    isOnline: () => false,
    reloadCrl: () => {},
  };
}

/** Records every call, for tests that check the REST side told the MQTT side. */
export interface RecordingDeviceGateway extends DeviceGateway {
  readonly calls: { method: keyof DeviceGateway; args: unknown[] }[];
  /** Plants to report as online. */
  readonly online: Set<string>;
}

export function createRecordingDeviceGateway(): RecordingDeviceGateway {
  const calls: RecordingDeviceGateway["calls"] = [];
  const online = new Set<string>();
  return {
    calls,
    online,
    closeSession: (plantId, reason) => {
      calls.push({ method: "closeSession", args: [plantId, reason] });
    },
    commandQueued: (plantId) => {
      calls.push({ method: "commandQueued", args: [plantId] });
    },
    isOnline: (plantId) => online.has(plantId),
    reloadCrl: (pem) => {
      calls.push({ method: "reloadCrl", args: [pem] });
    },
  };
}
