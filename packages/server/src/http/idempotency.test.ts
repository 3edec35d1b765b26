import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

let h: TestHarness;
afterEach(() => h.close());

const PLANT = { name: "Roof", serialNumber: "SN-IDEM-1", type: "GATEWAY" };

function tokenIdOfAdmin(harness: TestHarness): string {
  const row = harness.store.db.sqlite
    .prepare("SELECT id FROM api_tokens WHERE organization_id = ? AND role = 'admin'")
    .get(harness.organizationId) as { id: string };
  return row.id;
}

describe("Idempotency-Key after a crash", () => {
  const markerFor = (harness: TestHarness, key: string, bootId: string) =>
    harness.store.idempotencyKeys.claim({
      tokenId: tokenIdOfAdmin(harness),
      organizationId: harness.organizationId,
      key,
      requestMethod: "POST",
      requestPath: "/api/v1/plants",
      requestHash: createHash("sha256")
        .update("POST /api/v1/plants\n")
        .update(JSON.stringify(PLANT))
        .digest("hex"),
      bootId,
      createdAt: harness.clock.now().toISOString(),
    });

  it("treats an in-flight marker of a process that died as absent: the request runs at once", async () => {
    h = await createTestHarness({ idempotencyWaitMs: 60_000 });
    // What a server killed mid-request leaves behind: a claimed key, no response, another boot id.
    expect(markerFor(h, "killed-mid-request", "a-process-that-died")).toBe(true);
    const started = Date.now();
    const res = await h.request("POST", "/api/v1/plants", {
      json: PLANT,
      headers: { "idempotency-key": "killed-mid-request" },
    });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5_000);
    const replay = await h.request("POST", "/api/v1/plants", {
      json: PLANT,
      headers: { "idempotency-key": "killed-mid-request" },
    });
    expect(replay.body.id).toBe(res.body.id);
  });

  it("commits the effect and the stored response together: a failed store undoes the create", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "atomic-create" };
    const complete = h.store.idempotencyKeys.complete;
    h.store.idempotencyKeys.complete = () => {
      throw new Error("disk full while storing the response");
    };
    expect((await h.request("POST", "/api/v1/plants", { json: PLANT, headers })).status).toBe(500);
    // Neither the plant nor an in-progress key is left behind...
    expect(h.store.plants.list({ offset: 0, limit: 10 }).total).toBe(0);
    h.store.idempotencyKeys.complete = complete;
    // ...so the retry creates it, instead of meeting 409 PLANT_ALREADY_EXISTS with no way to learn the id.
    const retry = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    expect(retry.status).toBe(201);
    const replay = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    expect(replay.body.id).toBe(retry.body.id);
  });

  it("replays a response stored by an earlier boot over the same database", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "across-restart" };
    const first = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    const row = h.store.idempotencyKeys.find(tokenIdOfAdmin(h), "across-restart");
    expect(row?.statusCode).toBe(201);
    expect(row?.bootId).toBeNull();
    const again = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    expect(again.body.id).toBe(first.body.id);
  });
});

describe("replays of credential-bearing replies", () => {
  it("replays a provision while its credentials are current, 409 CREDENTIALS_SUPERSEDED once re-issued", async () => {
    h = await createTestHarness();
    const { id } = await h.createPlant();
    const headers = { "idempotency-key": "provision-once" };
    const first = await h.request("POST", `/api/v1/plants/${id}/provision`, { headers });
    const replay = await h.request("POST", `/api/v1/plants/${id}/provision`, { headers });
    expect(replay.status).toBe(200);
    expect(replay.body.security.clientCert).toBe(first.body.security.clientCert);

    await h.request("POST", `/api/v1/plants/${id}/provision`, { headers: { "idempotency-key": "reissue" } });
    const stale = await h.request("POST", `/api/v1/plants/${id}/provision`, { headers });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("CREDENTIALS_SUPERSEDED");
    expect(stale.text).not.toContain(first.body.security.hmacSecret);
  });

  it("gives a rotate-secret retry the same secret (no second rotation) until it is rotated again", async () => {
    h = await createTestHarness();
    const { id } = await h.createPlant({ authMethod: "PASSWORD" });
    await h.request("POST", `/api/v1/plants/${id}/provision`);
    const headers = { "idempotency-key": "rotate-once" };
    const first = await h.request("POST", `/api/v1/plants/${id}/rotate-secret`, { headers });
    const retry = await h.request("POST", `/api/v1/plants/${id}/rotate-secret`, { headers });
    expect(retry.body.hmacSecret).toBe(first.body.hmacSecret);
    const download = await h.request("GET", `/api/v1/plants/${id}/provision/download`);
    expect(download.body.security.hmacSecret).toBe(first.body.hmacSecret);

    await h.request("POST", `/api/v1/plants/${id}/rotate-secret`);
    const stale = await h.request("POST", `/api/v1/plants/${id}/rotate-secret`, { headers });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("CREDENTIALS_SUPERSEDED");
  });

  it("refuses to replay an expired MQTT token", async () => {
    h = await createTestHarness();
    const { id } = await h.createPlant({ authMethod: "TOKEN" });
    await h.request("POST", `/api/v1/plants/${id}/provision`);
    const headers = { "idempotency-key": "token-once" };
    const first = await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { headers });
    expect((await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { headers })).body.token).toBe(
      first.body.token,
    );
    h.clock.advance(2 * 3_600_000);
    const stale = await h.request("POST", `/api/v1/plants/${id}/mqtt-token`, { headers });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("CREDENTIALS_SUPERSEDED");
  });
});

describe("provision/download", () => {
  it("HEAD changes nothing: a PENDING plant stays PENDING, with no credentials", async () => {
    h = await createTestHarness();
    const { id, serialNumber } = await h.createPlant();
    const head = await h.request("HEAD", `/api/v1/plants/${id}/provision/download`, { validate: false });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(head.headers.get("content-disposition")).toBe(`attachment; filename="voke-${serialNumber}.json"`);
    const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    expect(plant.lifecycleStatus).toBe("PENDING");
    expect(plant.certificateFingerprint).toBeNull();
    expect(h.store.plantCredentials.findByPlantId(id)).toBeUndefined();
  });

  it("gives two racing downloads of a never-provisioned plant the same credentials", async () => {
    h = await createTestHarness();
    const { id } = await h.createPlant();
    const [a, b] = await Promise.all([
      h.request("GET", `/api/v1/plants/${id}/provision/download`),
      h.request("GET", `/api/v1/plants/${id}/provision/download`),
    ]);
    expect(a.body.security.clientCert).toBe(b.body.security.clientCert);
    const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
    expect(h.store.revokedCertificates.isRevoked(plant.certificateSerialNumber)).toBe(false);
  });
});
