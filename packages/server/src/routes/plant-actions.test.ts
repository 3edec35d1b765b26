import { createPrivateKey, X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { X509Crl } from "../pki/x509.ts";
import { activePlantSecrets } from "../services/plant-credentials.ts";
import type { LifecycleStatus } from "../storage/plants.ts";
import { databaseBytes } from "../test-support/database-bytes.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
let h: TestHarness;
const seen: { operation: string | undefined; status: number }[] = [];

async function harness(): Promise<TestHarness> {
  h = await createTestHarness();
  return h;
}
afterEach(() => {
  seen.push(...h.seen);
  h.close();
});

/** A plant brought into `state` the way the system would: API calls, plus the broker's first connect for ACTIVE. */
async function plantIn(state: LifecycleStatus, authMethod = "MTLS", everConnected = true): Promise<string> {
  const { id } = await h.createPlant({ authMethod });
  const call = async (action: string) => {
    const res = await h.request("POST", `/api/v1/plants/${id}/${action}`);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
  };
  if (state === "PENDING") return id;
  if (state === "DECOMMISSIONED") {
    await call("revoke");
    return id;
  }
  await call("provision");
  if (state === "ACTIVE" || (state === "SUSPENDED" && everConnected)) {
    const now = h.clock.now().toISOString();
    h.store.plants.update(id, {
      lifecycleStatus: "ACTIVE",
      activatedAt: now,
      status: "ONLINE",
      lastSeenAt: now,
    });
  }
  if (state === "SUSPENDED") await call("suspend");
  return id;
}

const lifecycleOf = async (id: string) =>
  (await h.request("GET", `/api/v1/plants/${id}`)).body.lifecycleStatus;

const STATES: LifecycleStatus[] = ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED", "DECOMMISSIONED"];
const ACTIONS = [
  { action: "provision", method: "POST", path: "provision", allowed: ["PENDING", "PROVISIONED", "ACTIVE"] },
  {
    action: "provision/download",
    method: "GET",
    path: "provision/download",
    allowed: ["PENDING", "PROVISIONED", "ACTIVE"],
  },
  { action: "rotate-secret", method: "POST", path: "rotate-secret", allowed: ["PROVISIONED", "ACTIVE"] },
  { action: "mqtt-token", method: "POST", path: "mqtt-token", allowed: ["PROVISIONED", "ACTIVE"] },
  { action: "suspend", method: "POST", path: "suspend", allowed: ["PROVISIONED", "ACTIVE"] },
  { action: "reactivate", method: "POST", path: "reactivate", allowed: ["SUSPENDED"] },
  {
    action: "revoke",
    method: "POST",
    path: "revoke",
    allowed: ["PENDING", "PROVISIONED", "ACTIVE", "SUSPENDED"],
  },
] as const;

describe("lifecycle table, cell by cell", () => {
  const cells = ACTIONS.flatMap((a) =>
    STATES.map((state) => ({ ...a, state, ok: (a.allowed as readonly string[]).includes(state) })),
  );
  it.each(cells)("$action in $state → $ok", async ({ method, path, state, ok, action }) => {
    await harness();
    // mqtt-token needs a TOKEN plant to reach the lifecycle rule.
    const id = await plantIn(state, action === "mqtt-token" ? "TOKEN" : "MTLS");
    const res = await h.request(method, `/api/v1/plants/${id}/${path}`);
    if (ok) {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.message).toMatch(action === "revoke" ? /already decommissioned/ : new RegExp(state));
      expect(await lifecycleOf(id)).toBe(state);
    }
  });

  it.each([
    ["provision", "PENDING", "PROVISIONED"],
    ["provision", "PROVISIONED", "PROVISIONED"],
    ["provision", "ACTIVE", "ACTIVE"],
    ["suspend", "PROVISIONED", "SUSPENDED"],
    ["suspend", "ACTIVE", "SUSPENDED"],
    ["revoke", "PENDING", "DECOMMISSIONED"],
    ["revoke", "SUSPENDED", "DECOMMISSIONED"],
    ["revoke", "ACTIVE", "DECOMMISSIONED"],
  ] as const)("%s moves %s to %s", async (action, from, to) => {
    await harness();
    const id = await plantIn(from);
    expect((await h.request("POST", `/api/v1/plants/${id}/${action}`)).status).toBe(200);
    expect(await lifecycleOf(id)).toBe(to);
  });

  it("reactivate returns to ACTIVE, or to PROVISIONED when the plant never connected", async () => {
    await harness();
    const connected = await plantIn("SUSPENDED", "MTLS", true);
    const never = await plantIn("SUSPENDED", "MTLS", false);
    const res = await h.request("POST", `/api/v1/plants/${connected}/reactivate`, { as: "operator" });
    expect(res.body.message).toMatch(/ACTIVE/);
    await h.request("POST", `/api/v1/plants/${never}/reactivate`, { as: "operator" });
    expect(await lifecycleOf(connected)).toBe("ACTIVE");
    expect(await lifecycleOf(never)).toBe("PROVISIONED");
  });

  it("mqtt-token is refused for MTLS and PASSWORD plants even when PROVISIONED", async () => {
    await harness();
    for (const method of ["MTLS", "PASSWORD"]) {
      const id = await plantIn("PROVISIONED", method);
      const res = await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { as: "operator" });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(`authMethod TOKEN; this plant uses ${method}`);
    }
  });
});

describe("POST /api/v1/plants/{id}/provision", () => {
  it("issues an MTLS plant a CA-signed client certificate (CN = plant id, clientAuth, one year) and an HMAC secret", async () => {
    await harness();
    const { id } = await h.createPlant();
    const res = await h.request("POST", `/api/v1/plants/${id}/provision`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const pkg = res.body;
    expect(pkg).toMatchObject({
      plantId: id,
      authMethod: "MTLS",
      mqtt: {
        broker: "localhost",
        port: 8883,
        clientId: id,
        username: null,
        topics: {
          telemetry: `voke/v1/${id}/telemetry`,
          status: `voke/v1/${id}/status`,
          ack: `voke/v1/${id}/ack`,
          commands: `voke/v1/${id}/commands`,
        },
      },
      security: { caCert: h.ca.certificatePem },
    });
    expect(pkg.security.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(pkg.protocol).toMatchObject({
      version: 1,
      docs: "docs/protocol.md",
      envelope: { sig: expect.stringMatching(/HMAC-SHA256/) },
    });

    const certificate = new X509Certificate(pkg.security.clientCert);
    const ca = new X509Certificate(h.ca.certificatePem);
    expect(certificate.subject).toBe(`CN=${id}`);
    expect(certificate.checkIssued(ca)).toBe(true);
    expect(certificate.verify(ca.publicKey)).toBe(true);
    expect(certificate.keyUsage).toEqual([CLIENT_AUTH]);
    expect(certificate.checkPrivateKey(createPrivateKey(pkg.security.clientKey))).toBe(true);
    expect(new Date(certificate.validTo).toISOString()).toBe("2026-06-15T12:00:00.000Z");

    const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    expect(plant).toMatchObject({
      lifecycleStatus: "PROVISIONED",
      certificateSerialNumber: certificate.serialNumber.toLowerCase().replace(/^(00)+/, ""),
      certificateFingerprint: certificate.fingerprint256.replaceAll(":", "").toLowerCase(),
      certificateExpiresAt: "2026-06-15T12:00:00.000Z",
    });
    expect(h.gateway.calls).toContainEqual({ method: "closeSession", args: [id, "plant re-provisioned"] });
  });

  it.each(["TOKEN", "PASSWORD"])(
    "gives a %s plant no certificate, username = plant id",
    async (authMethod) => {
      await harness();
      const { id } = await h.createPlant({ authMethod });
      const pkg = (await h.request("POST", `/api/v1/plants/${id}/provision`)).body;
      expect(pkg.authMethod).toBe(authMethod);
      expect(pkg.security).toMatchObject({ clientCert: null, clientKey: null, caCert: h.ca.certificatePem });
      expect(pkg.security.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(pkg.mqtt.username).toBe(id);
      const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
      expect(plant.certificateSerialNumber).toBeNull();
    },
  );

  it("re-provisioning issues fresh credentials and puts the old certificate on the CRL as superseded", async () => {
    await harness();
    const id = await plantIn("ACTIVE");
    const before = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    const oldSecret = activePlantSecrets(h.store, h.secretBox, id, h.clock.now());
    const res = await h.request("POST", `/api/v1/plants/${id}/provision`);
    const after = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    expect(after.certificateSerialNumber).not.toBe(before.certificateSerialNumber);
    expect(activePlantSecrets(h.store, h.secretBox, id, h.clock.now())).toEqual([
      res.body.security.hmacSecret,
    ]);
    expect(res.body.security.hmacSecret).not.toBe(oldSecret[0]);
    expect(h.store.revokedCertificates.list()).toEqual([
      expect.objectContaining({
        serialNumber: before.certificateSerialNumber,
        reason: "superseded",
        plantId: id,
      }),
    ]);
    const crlPem = h.gateway.calls.filter((call) => call.method === "reloadCrl").at(-1)?.args[0] as string;
    const crl = new X509Crl(crlPem);
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toEqual([
      before.certificateSerialNumber,
    ]);
    expect(await h.services.revocationList.current()).toBe(crlPem);
  });

  it("is 400 BAD_REQUEST for a bad id, 404 for missing or foreign plants, 403 for an operator, 401 anonymous", async () => {
    await harness();
    const { id } = await h.createPlant();
    const bad = await h.request("POST", "/api/v1/plants/nope/provision");
    expect(bad.body).toMatchObject({ statusCode: 400, code: "BAD_REQUEST", message: "Invalid plant UUID" });
    expect((await h.request("POST", `/api/v1/plants/${MISSING_ID}/provision`)).body.code).toBe(
      "PLANT_NOT_FOUND",
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/provision`, { as: "otherAdmin" })).status).toBe(
      404,
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/provision`, { as: "operator" })).status).toBe(403);
    expect((await h.request("POST", `/api/v1/plants/${id}/provision`, { as: "anonymous" })).status).toBe(401);
    expect(await lifecycleOf(id)).toBe("PENDING");
  });
});

describe("GET /api/v1/plants/{id}/provision/download", () => {
  it("provisions a never-provisioned plant, then returns the same package as a file", async () => {
    await harness();
    const { id, serialNumber } = await h.createPlant({ serialNumber: 'SN/7 "x"' });
    const first = await h.request("GET", `/api/v1/plants/${id}/provision/download`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-disposition")).toBe('attachment; filename="voke-SN_7__x_.json"');
    expect(serialNumber).toBe('SN/7 "x"');
    expect(await lifecycleOf(id)).toBe("PROVISIONED");
    const second = await h.request("GET", `/api/v1/plants/${id}/provision/download`);
    expect(second.body).toEqual(first.body);

    const reprovisioned = await h.request("POST", `/api/v1/plants/${id}/provision`);
    const third = await h.request("GET", `/api/v1/plants/${id}/provision/download`);
    expect(third.body).toEqual(reprovisioned.body);
    expect(third.body.security.clientCert).not.toBe(first.body.security.clientCert);
  });

  it("re-provisions when the auth method changed since the last provisioning", async () => {
    await harness();
    const id = await plantIn("PROVISIONED");
    await h.request("PATCH", `/api/v1/plants/${id}`, { json: { authMethod: "PASSWORD" } });
    const pkg = (await h.request("GET", `/api/v1/plants/${id}/provision/download`)).body;
    expect(pkg.authMethod).toBe("PASSWORD");
    expect(pkg.security.clientCert).toBeNull();
  });

  it("is 400, 404, 403 and 401 like the other plant actions", async () => {
    await harness();
    const { id } = await h.createPlant();
    expect((await h.request("GET", "/api/v1/plants/nope/provision/download")).body.code).toBe("BAD_REQUEST");
    expect(
      (await h.request("GET", `/api/v1/plants/${id}/provision/download`, { as: "otherAdmin" })).status,
    ).toBe(404);
    expect(
      (await h.request("GET", `/api/v1/plants/${id}/provision/download`, { as: "operator" })).status,
    ).toBe(403);
    expect(
      (await h.request("GET", `/api/v1/plants/${id}/provision/download`, { as: "anonymous" })).status,
    ).toBe(401);
  });
});

describe("POST /api/v1/plants/{id}/rotate-secret", () => {
  it("makes a new secret and keeps the previous one working for 60 minutes", async () => {
    await harness();
    const { id } = await h.createPlant();
    const original = (await h.request("POST", `/api/v1/plants/${id}/provision`)).body.security.hmacSecret;
    h.clock.advance(1000);
    const res = await h.request("POST", `/api/v1/plants/${id}/rotate-secret`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.gracePeriodMinutes).toBe(60);
    expect(res.body.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.hmacSecret).not.toBe(original);
    expect(activePlantSecrets(h.store, h.secretBox, id, h.clock.now())).toEqual([
      res.body.hmacSecret,
      original,
    ]);
    h.clock.advance(59 * 60_000);
    expect(activePlantSecrets(h.store, h.secretBox, id, h.clock.now())).toHaveLength(2);
    h.clock.advance(60_001);
    expect(activePlantSecrets(h.store, h.secretBox, id, h.clock.now())).toEqual([res.body.hmacSecret]);
    const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    expect(plant.secretRotatedAt).toBe("2025-06-15T12:00:01.000Z");
    const download = await h.request("GET", `/api/v1/plants/${id}/provision/download`);
    expect(download.body.security.hmacSecret).toBe(res.body.hmacSecret);
  });

  it("is 400, 404, 403 and 401 like the other plant actions", async () => {
    await harness();
    const id = await plantIn("PROVISIONED");
    expect((await h.request("POST", "/api/v1/plants/1/rotate-secret")).body.code).toBe("BAD_REQUEST");
    expect((await h.request("POST", `/api/v1/plants/${MISSING_ID}/rotate-secret`)).status).toBe(404);
    expect((await h.request("POST", `/api/v1/plants/${id}/rotate-secret`, { as: "operator" })).status).toBe(
      403,
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/rotate-secret`, { as: "anonymous" })).status).toBe(
      401,
    );
  });
});

describe("POST /api/v1/plants/{id}/mqtt-token", () => {
  it("issues an HS256 JWT for the plant that expires in an hour", async () => {
    await harness();
    const id = await plantIn("PROVISIONED", "TOKEN");
    const res = await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { as: "operator" });
    expect(res.status).toBe(200);
    expect(res.body.expiresAt).toBe("2025-06-15T13:00:00.000Z");
    const [header] = res.body.token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({
      alg: "HS256",
      typ: "JWT",
    });
    const verified = await h.mqttTokens.verify(res.body.token, h.clock.now());
    expect(verified).toEqual({ plantId: id, epoch: 1, expiresAt: new Date("2025-06-15T13:00:00.000Z") });
    await expect(h.mqttTokens.verify(res.body.token, new Date("2025-06-15T13:00:01.000Z"))).rejects.toThrow(
      /expired/,
    );
  });

  it("is 400, 404, 403 for a viewer, 401 anonymous", async () => {
    await harness();
    const id = await plantIn("PROVISIONED", "TOKEN");
    expect((await h.request("POST", "/api/v1/plants/zz/mqtt-token")).body.code).toBe("BAD_REQUEST");
    expect((await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { as: "otherAdmin" })).status).toBe(
      404,
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { as: "viewer" })).status).toBe(403);
    expect((await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { as: "anonymous" })).status).toBe(
      401,
    );
  });
});

describe("POST /api/v1/plants/{id}/suspend and /reactivate", () => {
  it("suspend closes the live session at once", async () => {
    await harness();
    const id = await plantIn("ACTIVE");
    const res = await h.request("POST", `/api/v1/plants/${id}/suspend`, { as: "operator" });
    expect(res.body).toEqual({ message: "Plant suspended" });
    expect(h.gateway.calls.at(-1)).toEqual({ method: "closeSession", args: [id, "plant suspended"] });
  });

  it.each(["suspend", "reactivate"])("%s is 400, 404, 403 for a viewer, 401 anonymous", async (action) => {
    await harness();
    const id = await plantIn(action === "suspend" ? "ACTIVE" : "SUSPENDED");
    expect((await h.request("POST", `/api/v1/plants/x/${action}`, { as: "operator" })).body.code).toBe(
      "BAD_REQUEST",
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/${action}`, { as: "otherAdmin" })).status).toBe(
      404,
    );
    expect((await h.request("POST", `/api/v1/plants/${id}/${action}`, { as: "viewer" })).status).toBe(403);
    expect((await h.request("POST", `/api/v1/plants/${id}/${action}`, { as: "anonymous" })).status).toBe(401);
  });
});

describe("POST /api/v1/plants/{id}/revoke", () => {
  it("puts the certificate on the CRL, destroys the secrets and closes the session", async () => {
    await harness();
    const id = await plantIn("ACTIVE");
    const serial = (await h.request("GET", `/api/v1/plants/${id}`)).body.certificateSerialNumber;
    const res = await h.request("POST", `/api/v1/plants/${id}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(/revoked/);
    expect(await lifecycleOf(id)).toBe("DECOMMISSIONED");
    expect(h.store.revokedCertificates.list()).toEqual([
      expect.objectContaining({ serialNumber: serial, reason: "cessationOfOperation" }),
    ]);
    expect(h.store.plantCredentials.findByPlantId(id)).toMatchObject({
      revoked: true,
      sealedHmacSecret: null,
      sealedPreviousHmacSecret: null,
      sealedPrivateKey: null,
    });
    expect(activePlantSecrets(h.store, h.secretBox, id, h.clock.now())).toEqual([]);
    expect(h.gateway.calls).toContainEqual({ method: "closeSession", args: [id, "plant revoked"] });
    const crl = new X509Crl(
      h.gateway.calls.filter((c) => c.method === "reloadCrl").at(-1)?.args[0] as string,
    );
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toContain(serial);
  });

  it("is 400, 404, 403 for an operator, 401 anonymous", async () => {
    await harness();
    const id = await plantIn("ACTIVE");
    expect((await h.request("POST", "/api/v1/plants/x/revoke")).body.code).toBe("BAD_REQUEST");
    expect((await h.request("POST", `/api/v1/plants/${id}/revoke`, { as: "otherAdmin" })).status).toBe(404);
    expect((await h.request("POST", `/api/v1/plants/${id}/revoke`, { as: "operator" })).status).toBe(403);
    expect((await h.request("POST", `/api/v1/plants/${id}/revoke`, { as: "anonymous" })).status).toBe(401);
    expect(await lifecycleOf(id)).toBe("ACTIVE");
  });
});

describe("Idempotency-Key on plant actions", () => {
  it.each([
    ["provision", "admin"],
    ["rotate-secret", "admin"],
    ["mqtt-token", "operator"],
    ["suspend", "operator"],
    ["reactivate", "operator"],
    ["revoke", "admin"],
  ] as const)(
    "%s replays the first response, and a reused key on another request is a 409",
    async (action, as) => {
      await harness();
      const id = await plantIn(
        action === "reactivate" ? "SUSPENDED" : "PROVISIONED",
        action === "mqtt-token" ? "TOKEN" : "MTLS",
      );
      const headers = { "idempotency-key": `key-${action}` };
      const first = await h.request("POST", `/api/v1/plants/${id}/${action}`, { as, headers });
      h.clock.advance(1000);
      const again = await h.request("POST", `/api/v1/plants/${id}/${action}`, { as, headers });
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(first.status).toBe(200);
      const other = await plantIn("PROVISIONED");
      const reused = await h.request("POST", `/api/v1/plants/${other}/${action}`, { as, headers });
      expect(reused.status).toBe(409);
      expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    },
  );

  it("a replayed provision issues no second certificate", async () => {
    await harness();
    const { id } = await h.createPlant();
    const headers = { "idempotency-key": "provision-once" };
    await h.request("POST", `/api/v1/plants/${id}/provision`, { headers });
    const serial = (await h.request("GET", `/api/v1/plants/${id}`)).body.certificateSerialNumber;
    await h.request("POST", `/api/v1/plants/${id}/provision`, { headers });
    expect((await h.request("GET", `/api/v1/plants/${id}`)).body.certificateSerialNumber).toBe(serial);
    expect(h.store.revokedCertificates.count()).toBe(0);
  });
});

describe("bodies sent to the body-less actions", () => {
  it("over the body limit are a declared 413 that closes the connection", async () => {
    await harness();
    const { id } = await h.createPlant();
    for (const { method, path } of ACTIONS.filter((a) => a.method === "POST")) {
      const res = await h.request(method, `/api/v1/plants/${id}/${path}`, {
        body: "x".repeat(2 * 1024 * 1024),
        headers: { "content-type": "application/json" },
      });
      expect(res.status, path).toBe(413);
      expect(res.body.code).toBe("PAYLOAD_TOO_LARGE");
      expect(res.headers.get("connection")).toBe("close");
    }
  });
});

describe("secrets at rest and in logs", () => {
  it("never stores or logs a private key, HMAC secret or API token in plain text", async () => {
    await harness();
    const { id } = await h.createPlant();
    const pkg = (
      await h.request("POST", `/api/v1/plants/${id}/provision`, {
        headers: { "idempotency-key": "sealed-replay" },
      })
    ).body;
    const rotated = (await h.request("POST", `/api/v1/plants/${id}/rotate-secret`)).body.hmacSecret;
    const download = (await h.request("GET", `/api/v1/plants/${id}/provision/download`)).body;
    expect(download.security.clientKey).toBe(pkg.security.clientKey);

    const database = databaseBytes(h.store.db.sqlite);
    const keyBody = pkg.security.clientKey.split("\n").slice(1, -2).join("");
    const secrets = {
      hmacSecret: pkg.security.hmacSecret,
      rotated,
      keyBody,
      keyLine: pkg.security.clientKey.split("\n")[1],
      adminToken: h.tokens.admin,
    };
    const logs = h.logs.join("\n");
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(20);
      expect(database.includes(secret), `${name} in the database`).toBe(false);
      expect(logs.includes(secret), `${name} in the logs`).toBe(false);
    }
    expect(logs).toContain(id);
  });
});

describe("contract coverage", () => {
  it("exercised every declared status of the plant actions (but 429 and 500)", () => {
    const missing: string[] = [];
    for (const { method, path } of ACTIONS) {
      const template = `/api/v1/plants/{id}/${path}`;
      const operation = `${method} ${template}`;
      const declared = h.spec.document.paths[template]?.[method.toLowerCase()] as
        | { responses: object }
        | undefined;
      const responses = declared?.responses ?? {};
      for (const status of Object.keys(responses)) {
        if (status === "429" || status === "500") continue;
        if (!seen.some((s) => s.operation === operation && String(s.status) === status))
          missing.push(`${operation} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
