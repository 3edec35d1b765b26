import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createMqttTokenSigner, deriveMqttTokenKey, MqttTokenError } from "./mqtt-tokens.ts";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const key = deriveMqttTokenKey(new Uint8Array(32).fill(1));

describe("MQTT tokens", () => {
  it("derives a stable 32-byte key from the encryption key, different per encryption key", () => {
    expect(deriveMqttTokenKey(new Uint8Array(32).fill(1))).toEqual(key);
    expect(key).toHaveLength(32);
    expect(deriveMqttTokenKey(new Uint8Array(32).fill(2))).not.toEqual(key);
  });

  it("round-trips a token for its lifetime", async () => {
    const signer = createMqttTokenSigner({ key, lifetimeSeconds: 600 });
    const { token, expiresAt } = await signer.issue("plant-1", NOW);
    expect(expiresAt.toISOString()).toBe("2025-06-15T12:10:00.000Z");
    expect(await signer.verify(token, new Date("2025-06-15T12:09:59.000Z"))).toEqual({
      plantId: "plant-1",
      expiresAt,
      epoch: 0,
    });
    const later = await signer.issue("plant-1", NOW, 3);
    expect(await signer.verify(later.token, NOW)).toMatchObject({ epoch: 3 });
    await expect(signer.verify(token, new Date("2025-06-15T12:10:00.000Z"))).rejects.toThrow(
      "MQTT token is expired",
    );
  });

  it("refuses tokens signed with another key, tampered with, or made for another audience", async () => {
    const signer = createMqttTokenSigner({ key });
    const stranger = createMqttTokenSigner({ key: deriveMqttTokenKey(new Uint8Array(32).fill(3)) });
    const forged = (await stranger.issue("plant-1", NOW)).token;
    await expect(signer.verify(forged, NOW)).rejects.toThrow(MqttTokenError);

    const { token } = await signer.issue("plant-1", NOW);
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "plant-2", exp: 4102444800 })).toString("base64url");
    await expect(signer.verify(`${header}.${payload}.${signature}`, NOW)).rejects.toThrow(
      "MQTT token is invalid",
    );

    const otherAudience = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("plant-1")
      .setIssuer("voke-server")
      .setAudience("somewhere-else")
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60)
      .sign(key);
    await expect(signer.verify(otherAudience, NOW)).rejects.toThrow(MqttTokenError);
    await expect(signer.verify("not-a-jwt", NOW)).rejects.toThrow(MqttTokenError);
  });
});
