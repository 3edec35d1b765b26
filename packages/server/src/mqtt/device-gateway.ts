/** The broker's side of the REST ↔ MQTT seam (services/device-gateway.ts): sessions, command delivery, presence, CRL. */
import type { Logger } from "../logger.ts";
import type { DeviceGateway } from "../services/device-gateway.ts";
import type { CommandDispatcher } from "./command-dispatcher.ts";
import type { SessionRegistry } from "./sessions.ts";

export function createDeviceGateway(deps: {
  sessions: SessionRegistry;
  commands: CommandDispatcher;
  logger: Logger;
  isRevoked: (serialNumber: string) => boolean;
  /** Puts the CRL into the TLS listener; throws when the PEM is unusable. */
  reloadCrl: (pem: string) => void;
}): DeviceGateway {
  const { sessions, commands, logger } = deps;
  return {
    closeSession(plantId, reason) {
      // Every session of the plant, live or still connecting: none may outlive a suspend or revoke.
      const open = sessions.ofPlant(plantId);
      if (open.length === 0) return;
      logger.info("closing plant sessions", { plantId, reason, sessions: open.length });
      for (const session of open) session.client.close();
    },
    commandQueued(plantId) {
      commands.commandQueued(plantId);
    },
    isOnline: (plantId) => sessions.isOnline(plantId),
    reloadCrl(pem) {
      try {
        deps.reloadCrl(pem);
      } catch (error) {
        // Keep the previous list; CONNECT still checks the database's revoked serials.
        logger.error("could not load the new CRL", { error });
        return;
      }
      // A live session on a certificate that is now revoked ends too.
      for (const session of [...sessions.allLive()]) {
        const serial = session.certificateSerialNumber;
        if (serial !== undefined && deps.isRevoked(serial)) {
          logger.info("closing plant session: certificate revoked", { plantId: session.plantId });
          session.client.close();
        }
      }
    },
  };
}
