/** JWTs that TOKEN plants present as their MQTT password: HS256, signed and checked by this server. */
import { hkdfSync, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

export interface IssuedMqttToken {
  token: string;
  expiresAt: Date;
}

export interface VerifiedMqttToken {
  plantId: string;
  expiresAt: Date;
  /** The plant's token epoch when it was issued (plants.mqttTokenEpoch); the broker refuses an older one. */
  epoch: number;
}

/** The token is malformed, forged, expired or not an MQTT token. */
export class MqttTokenError extends Error {
  override readonly name = "MqttTokenError";
}

export interface MqttTokenSigner {
  /** A token for `plantId` (`sub`) in its token `epoch`, valid from `now` for the signer's lifetime. */
  issue(plantId: string, now: Date, epoch?: number): Promise<IssuedMqttToken>;
  /** Checks signature, issuer, audience and expiry at `now`; throws MqttTokenError otherwise. */
  verify(token: string, now: Date): Promise<VerifiedMqttToken>;
}

const ISSUER = "voke-server";
const AUDIENCE = "voke-mqtt";

/**
 * The HS256 key, derived from the server's encryption key so it survives restarts without another file.
 *
 * @example const signer = createMqttTokenSigner({ key: deriveMqttTokenKey(encryptionKey) });
 */
export function deriveMqttTokenKey(encryptionKey: Uint8Array): Uint8Array {
  return new Uint8Array(
    hkdfSync("sha256", encryptionKey, new Uint8Array(0), "voke mqtt token signing key v1", 32),
  );
}

export function createMqttTokenSigner(options: {
  key: Uint8Array;
  lifetimeSeconds?: number;
}): MqttTokenSigner {
  const lifetime = options.lifetimeSeconds ?? 3600;
  const key = options.key;
  return {
    async issue(plantId, now, epoch = 0) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = issuedAt + lifetime;
      const token = await new SignJWT({ epoch })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(plantId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now,
          requiredClaims: ["sub", "exp"],
        });
        const epoch = payload.epoch ?? 0;
        if (typeof epoch !== "number" || !Number.isInteger(epoch))
          throw new MqttTokenError("MQTT token is invalid");
        return { plantId: String(payload.sub), expiresAt: new Date(Number(payload.exp) * 1000), epoch };
      } catch (error) {
        if (error instanceof MqttTokenError) throw error;
        const reason = error instanceof errors.JWTExpired ? "expired" : "invalid";
        throw new MqttTokenError(`MQTT token is ${reason}`);
      }
    },
  };
}
