/**
 * Enforces the MQTT packet size limits while the bytes arrive, before anything holds a packet's body: the
 * fixed header of each packet (type and remaining length) is read as aedes reads the socket, and a connection
 * whose next packet declares more than its limit is destroyed there. aedes' parser (mqtt-packet) has no limit
 * of its own and would otherwise buffer a 100 MB CONNECT whole before authentication.
 */
import type { Duplex } from "node:stream";

export interface PacketLimits {
  /** The first packet, CONNECT: small (client id, username, password). */
  maxConnectBytes: number;
  /** Every later packet (PUBLISH most of all). */
  maxPacketBytes: number;
}

export type PacketViolation =
  | {
      kind: "CONNECT_TOO_LARGE" | "PACKET_TOO_LARGE";
      packetType: number;
      declaredBytes: number;
      limit: number;
    }
  | { kind: "MALFORMED_PACKET" };

const PUBLISH = 3;

/**
 * Watches what is read from `socket` (aedes reads it with `read()` on 'readable'); on a violation the socket is
 * destroyed, the read returns nothing, and `onViolation` is told.
 *
 * @example guardPackets(tlsSocket, { maxConnectBytes: 4096, maxPacketBytes: 131072 }, (v) => log(v));
 */
export function guardPackets(
  socket: Duplex,
  limits: PacketLimits,
  onViolation: (violation: PacketViolation) => void,
): void {
  let first = true;
  let inLength = false;
  let packetType = 0;
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let skip = 0; // body bytes of the current packet still to pass
  let violated = false;

  const violate = (violation: PacketViolation) => {
    violated = true;
    socket.destroy();
    onViolation(violation);
  };

  /** False when the chunk breaks a limit. */
  const scan = (chunk: Buffer): boolean => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      const byte = chunk[i++] as number;
      if (!inLength) {
        packetType = byte >> 4;
        inLength = true;
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
        continue;
      }
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      lengthBytes++;
      if (byte & 0x80) {
        if (lengthBytes === 4) {
          violate({ kind: "MALFORMED_PACKET" });
          return false;
        }
        continue;
      }
      const declaredBytes = 1 + lengthBytes + length;
      const limit = first ? limits.maxConnectBytes : limits.maxPacketBytes;
      if (declaredBytes > limit) {
        violate({ kind: first ? "CONNECT_TOO_LARGE" : "PACKET_TOO_LARGE", packetType, declaredBytes, limit });
        return false;
      }
      first = false;
      inLength = false;
      skip = length;
    }
    return true;
  };

  const read = socket.read;
  socket.read = function guardedRead(this: Duplex, size?: number) {
    if (violated) return null;
    const chunk = read.call(this, size) as Buffer | string | null;
    if (chunk === null || typeof chunk === "string") return chunk;
    return scan(chunk) ? chunk : null;
  };
}

/** Whether a violation was a PUBLISH (a message of a connected plant) rather than another packet. */
export function isPublish(violation: PacketViolation): boolean {
  return violation.kind === "PACKET_TOO_LARGE" && violation.packetType === PUBLISH;
}
