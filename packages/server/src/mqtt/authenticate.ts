/**
 * Decides whether an MQTT CONNECT may open a session for the plant named by its client id (`<plantId>` or
 * `<plantId>:<suffix>`, canonical lower case): lifecycle, then the plant's own auth method (MTLS certificate,
 * TOKEN JWT of the plant's current token epoch, or PASSWORD = HMAC secret).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { TLSSocket } from "node:tls";
import { type AuthRefusal, parseClientId, plantIdNamedBy } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import { normalizeSerialNumber } from "../pki/certificate-info.ts";
import type { DeviceActivityService } from "../services/device-activity.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { PlantSecrets } from "./plant-secrets.ts";

/** Checks an MQTT token at `now`; throws when it is forged, malformed or expired (MqttTokenSigner.verify). */
export type MqttTokenVerifier = (
  token: string,
  now: Date,
) => Promise<{ plantId: string; expiresAt: Date; epoch: number }>;

export interface ConnectRequest {
  clientId: string;
  username: string | undefined;
  password: Buffer | undefined;
  /** The TLS connection the CONNECT came on (its client certificate, if any). */
  socket: TLSSocket;
}

/** CONNACK return codes: 2 identifier rejected, 4 bad user name or password, 5 not authorized. */
export type RefusalCode = 2 | 4 | 5;

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
      reason: AuthRefusal;
      /** Short, log-safe detail; never contains a credential. */
      detail: string;
      /** The existing plant the refusal is charged to, when the CONNECT named one. */
      plantId: string | undefined;
    };

export interface AuthenticatorDeps {
  activity: DeviceActivityService;
  secrets: PlantSecrets;
  verifyToken: MqttTokenVerifier;
  clock: Clock;
  /** How many sessions the plant already holds besides one with this client id (which would be taken over). */
  otherSessions: (plantId: string, clientId: string) => number;
  maxSessionsPerPlant: number;
}

/**
 * @example
 * const authenticate = createAuthenticator({ store, secrets, verifyToken: signer.verify, clock });
 * const result = await authenticate({ clientId, username, password, socket });
 */
export function createAuthenticator(
  deps: AuthenticatorDeps,
): (request: ConnectRequest) => Promise<Authentication> {
  const { activity, secrets, clock } = deps;

  return async (request) => {
    const refuse = (
      returnCode: RefusalCode,
      reason: AuthRefusal,
      detail: string,
      plantId?: string,
    ): Authentication => ({ ok: false, returnCode, reason, detail, plantId });
    const identity = parseClientId(request.clientId);
    if (!identity) {
      // A case variant of a real plant's id is charged to that plant: it is how the old session bypass looked.
      const named = plantIdNamedBy(request.clientId);
      const plantId = named !== undefined && activity.findPlant(named) ? named : undefined;
      return refuse(
        2,
        "BAD_CLIENT_ID",
        "client id is not <plantId> or <plantId>:<suffix> in lower case",
        plantId,
      );
    }
    const plant = activity.findPlant(identity.plantId);
    if (!plant) return refuse(5, "UNKNOWN_PLANT", "no such plant");
    if (plant.lifecycleStatus !== "PROVISIONED" && plant.lifecycleStatus !== "ACTIVE") {
      return refuse(5, "PLANT_NOT_LIVE", `plant is ${plant.lifecycleStatus}`, plant.id);
    }
    const accepted = (
      extra: { tokenExpiresAt?: Date; certificateSerialNumber?: string } = {},
    ): Authentication => {
      if (deps.otherSessions(plant.id, request.clientId) >= deps.maxSessionsPerPlant) {
        return refuse(
          5,
          "TOO_MANY_SESSIONS",
          `plant already holds ${deps.maxSessionsPerPlant} sessions`,
          plant.id,
        );
      }
      return {
        ok: true,
        plant,
        tokenExpiresAt: extra.tokenExpiresAt,
        certificateSerialNumber: extra.certificateSerialNumber,
      };
    };

    if (plant.authMethod === "MTLS") {
      const certificate = request.socket.getPeerX509Certificate();
      if (!certificate)
        return refuse(5, "BAD_CERTIFICATE", "MTLS plant presented no client certificate", plant.id);
      if (!request.socket.authorized) {
        return refuse(
          5,
          "BAD_CERTIFICATE",
          `client certificate refused: ${String(request.socket.authorizationError)}`,
          plant.id,
        );
      }
      if (commonName(certificate.subject) !== plant.id)
        return refuse(5, "CERTIFICATE_OTHER_PLANT", "certificate CN is not the plant id", plant.id);
      const fingerprint = certificate.fingerprint256.replaceAll(":", "").toLowerCase();
      if (fingerprint !== plant.certificateFingerprint) {
        return refuse(5, "CERTIFICATE_SUPERSEDED", "certificate is not the plant's current one", plant.id);
      }
      const serialNumber = normalizeSerialNumber(certificate.serialNumber);
      if (activity.isCertificateRevoked(serialNumber))
        return refuse(5, "CERTIFICATE_REVOKED", "certificate is revoked", plant.id);
      return accepted({ certificateSerialNumber: serialNumber });
    }

    // TOKEN and PASSWORD: username = plant id.
    if (request.username?.toLowerCase() !== plant.id) {
      return refuse(4, "BAD_USERNAME", "username is not the plant id", plant.id);
    }
    const password = request.password?.toString("utf8") ?? "";
    if (password === "") return refuse(4, "NO_PASSWORD", "no password", plant.id);

    if (plant.authMethod === "TOKEN") {
      let token: { plantId: string; expiresAt: Date; epoch: number };
      try {
        token = await deps.verifyToken(password, clock.now());
      } catch (error) {
        return refuse(4, "BAD_TOKEN", (error as Error).message || "token refused", plant.id);
      }
      if (token.plantId !== plant.id) {
        return refuse(4, "TOKEN_OTHER_PLANT", "token was issued to another plant", plant.id);
      }
      if (token.epoch !== plant.mqttTokenEpoch) {
        return refuse(
          4,
          "TOKEN_SUPERSEDED",
          "token predates the plant's last suspend or re-provision",
          plant.id,
        );
      }
      return accepted({ tokenExpiresAt: token.expiresAt });
    }

    const given = sha256(password);
    let matched = false;
    for (const secret of secrets.accepted(plant.id)) {
      if (timingSafeEqual(sha256(secret), given)) matched = true;
    }
    return matched ? accepted() : refuse(4, "WRONG_PASSWORD", "wrong password", plant.id);
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
