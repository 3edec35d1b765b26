/**
 * Decides whether an MQTT CONNECT may open a session for the plant named by its client id: lifecycle, then
 * the plant's own auth method (MTLS certificate, TOKEN JWT or PASSWORD = HMAC secret).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { Clock } from "../clock.ts";
import { normalizeSerialNumber } from "../pki/certificate-info.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import type { PlantSecrets } from "./plant-secrets.ts";

/** Checks an MQTT token at `now`; throws when it is forged, malformed or expired (MqttTokenSigner.verify). */
export type MqttTokenVerifier = (token: string, now: Date) => Promise<{ plantId: string; expiresAt: Date }>;

export interface ConnectRequest {
  clientId: string;
  username: string | undefined;
  password: Buffer | undefined;
  /** The TLS connection the CONNECT came on (its client certificate, if any). */
  socket: TLSSocket;
}

/** CONNACK return codes: 4 bad user name or password, 5 not authorized. */
export type RefusalCode = 4 | 5;

export type Authentication =
  | {
      ok: true;
      plant: PlantRecord;
      /** TOKEN plants: when the session must end. */
      tokenExpiresAt: Date | undefined;
      /** MTLS plants: the serial of the certificate presented (lowercase hex). */
      certificateSerialNumber: string | undefined;
    }
  | {
      ok: false;
      returnCode: RefusalCode;
      /** Short, log-safe; never contains a credential. */
      reason: string;
      /** The existing plant the refusal is charged to, when the CONNECT named one. */
      plantId: string | undefined;
    };

export interface AuthenticatorDeps {
  store: Store;
  secrets: PlantSecrets;
  verifyToken: MqttTokenVerifier;
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @example
 * const authenticate = createAuthenticator({ store, secrets, verifyToken: signer.verify, clock });
 * const result = await authenticate({ clientId, username, password, socket });
 */
export function createAuthenticator(
  deps: AuthenticatorDeps,
): (request: ConnectRequest) => Promise<Authentication> {
  const { store, secrets, clock } = deps;

  return async (request) => {
    const refuse = (returnCode: RefusalCode, reason: string, plantId?: string): Authentication => ({
      ok: false,
      returnCode,
      reason,
      plantId,
    });
    if (!UUID.test(request.clientId)) return refuse(5, "client id is not a plant id");
    const plant = store.plants.findById(request.clientId.toLowerCase());
    if (!plant) return refuse(5, "unknown plant");
    if (plant.lifecycleStatus !== "PROVISIONED" && plant.lifecycleStatus !== "ACTIVE") {
      return refuse(5, `plant is ${plant.lifecycleStatus}`, plant.id);
    }
    const accepted = (
      extra: { tokenExpiresAt?: Date; certificateSerialNumber?: string } = {},
    ): Authentication => ({
      ok: true,
      plant,
      tokenExpiresAt: extra.tokenExpiresAt,
      certificateSerialNumber: extra.certificateSerialNumber,
    });

    if (plant.authMethod === "MTLS") {
      const certificate = request.socket.getPeerX509Certificate();
      if (!certificate) return refuse(5, "MTLS plant presented no client certificate", plant.id);
      if (!request.socket.authorized) {
        return refuse(
          5,
          `client certificate refused: ${String(request.socket.authorizationError)}`,
          plant.id,
        );
      }
      if (commonName(certificate.subject) !== plant.id)
        return refuse(5, "certificate CN is not the client id", plant.id);
      const fingerprint = certificate.fingerprint256.replaceAll(":", "").toLowerCase();
      if (fingerprint !== plant.certificateFingerprint) {
        return refuse(5, "certificate is not the plant's current one", plant.id);
      }
      const serialNumber = normalizeSerialNumber(certificate.serialNumber);
      if (store.revokedCertificates.isRevoked(serialNumber))
        return refuse(5, "certificate is revoked", plant.id);
      return accepted({ certificateSerialNumber: serialNumber });
    }

    // TOKEN and PASSWORD: username = plant id = client id.
    if (request.username?.toLowerCase() !== plant.id) {
      return refuse(4, "username is not the client id", plant.id);
    }
    const password = request.password?.toString("utf8") ?? "";
    if (password === "") return refuse(4, "no password", plant.id);

    if (plant.authMethod === "TOKEN") {
      let token: { plantId: string; expiresAt: Date };
      try {
        token = await deps.verifyToken(password, clock.now());
      } catch (error) {
        return refuse(4, (error as Error).message || "token refused", plant.id);
      }
      if (token.plantId !== plant.id) return refuse(4, "token was issued to another plant", plant.id);
      return accepted({ tokenExpiresAt: token.expiresAt });
    }

    const given = sha256(password);
    let matched = false;
    for (const secret of secrets.accepted(plant.id)) {
      if (timingSafeEqual(sha256(secret), given)) matched = true;
    }
    return matched ? accepted() : refuse(4, "wrong password", plant.id);
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function commonName(subject: string): string | undefined {
  for (const line of subject.split("\n")) {
    if (line.startsWith("CN=")) return line.slice(3);
  }
  return undefined;
}
