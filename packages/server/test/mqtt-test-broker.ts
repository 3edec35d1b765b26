/**
 * A bare aedes broker over TLS with certificates from a real Voke CA, recording what plants do; it lets the
 * device helper's MQTT behaviour (reconnects, tokens, command checks) be tested without the whole server.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type TLSSocket } from "node:tls";
import type { ProvisioningPackage } from "@voke/device";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import { loadOrCreateCertificateAuthority } from "../src/pki/certificate-authority.ts";

export interface RecordedConnect {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  /** CN of the TLS client certificate, when one was presented and chained to the CA. */
  certificateCommonName: string | undefined;
}

export interface TestBroker {
  readonly port: number;
  readonly aedes: Aedes;
  readonly connects: RecordedConnect[];
  /** Every publish a plant made, in order. */
  readonly published: Array<{ topic: string; payload: string; dup: boolean }>;
  readonly subscriptions: string[];
  /** Return code (4, 5) for the next CONNECTs; undefined accepts. */
  refuseWith: number | undefined;
  /** While true, publishes are recorded but never acknowledged (no PUBACK), as if it were lost. */
  holdPublishes: boolean;
  client(clientId: string): Client | undefined;
  /** Publishes to a plant as the server would (QoS 1). */
  publish(topic: string, payload: string): Promise<void>;
  /** A package for a new plant of this broker; MTLS plants get a client certificate from its CA. */
  packageFor(authMethod: "MTLS" | "TOKEN" | "PASSWORD"): Promise<ProvisioningPackage>;
  /** Resolves when `predicate` holds, checked after every broker event and every 10 ms (fails after `timeoutMs`). */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const dir = await mkdtemp(join(tmpdir(), "voke-test-broker-"));
  const ca = await loadOrCreateCertificateAuthority({ dir, now: () => new Date() });
  const serverCertificate = await ca.issueServerCertificate({
    hostNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
    now: new Date(),
  });
  const clients = new Map<string, Client>();
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const wake of [...waiters]) wake();
  };

  const state = {
    connects: [] as RecordedConnect[],
    published: [] as Array<{ topic: string; payload: string; dup: boolean }>,
    subscriptions: [] as string[],
    refuseWith: undefined as number | undefined,
    holdPublishes: false,
  };

  const aedes = await Aedes.createBroker({
    maxClientsIdLength: 64,
    authenticate(client, username, password, done) {
      const socket = client.conn as TLSSocket;
      const certificate = socket.getPeerCertificate?.();
      state.connects.push({
        clientId: client.id,
        username,
        password: password?.toString("utf8"),
        certificateCommonName: socket.authorized ? [certificate?.subject?.CN].flat()[0] : undefined,
      });
      changed();
      if (state.refuseWith !== undefined) {
        const error = new Error("refused") as AuthenticateError;
        error.returnCode = state.refuseWith;
        return done(error, false);
      }
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      if (client)
        state.published.push({ topic: packet.topic, payload: packet.payload.toString(), dup: packet.dup });
      changed();
      if (!state.holdPublishes) done(null);
    },
    authorizeSubscribe(_client, subscription, done) {
      state.subscriptions.push(subscription.topic);
      done(null, subscription);
      setImmediate(changed);
    },
  });
  aedes.on("clientReady", (client) => {
    clients.set(client.id, client);
    changed();
  });
  aedes.on("clientDisconnect", (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
    changed();
  });

  const tls = createServer(
    {
      key: serverCertificate.privateKeyPem,
      cert: serverCertificate.certificatePem,
      ca: ca.certificatePem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (socket) => aedes.handle(socket),
  );
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  const port = (tls.address() as AddressInfo).port;

  return {
    port,
    aedes,
    get connects() {
      return state.connects;
    },
    get published() {
      return state.published;
    },
    get subscriptions() {
      return state.subscriptions;
    },
    get refuseWith() {
      return state.refuseWith;
    },
    set refuseWith(code) {
      state.refuseWith = code;
    },
    get holdPublishes() {
      return state.holdPublishes;
    },
    set holdPublishes(hold) {
      state.holdPublishes = hold;
    },
    client: (clientId) => clients.get(clientId),
    publish: (topic, payload) =>
      new Promise((resolve, reject) =>
        aedes.publish(
          { cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false },
          (error) => (error ? reject(error) : resolve()),
        ),
      ),
    async packageFor(authMethod) {
      const plantId = randomUUID();
      const client =
        authMethod === "MTLS"
          ? await ca.issueClientCertificate({ commonName: plantId, now: new Date() })
          : undefined;
      const base = `voke/v1/${plantId}`;
      return {
        plantId,
        authMethod,
        mqtt: {
          broker: "localhost",
          port,
          clientId: plantId,
          username: authMethod === "MTLS" ? null : plantId,
          topics: {
            telemetry: `${base}/telemetry`,
            status: `${base}/status`,
            ack: `${base}/ack`,
            commands: `${base}/commands`,
          },
        },
        security: {
          caCert: ca.certificatePem,
          clientCert: client?.certificatePem ?? null,
          clientKey: client?.privateKeyPem ?? null,
          hmacSecret: randomBytes(32).toString("hex"),
        },
        protocol: {},
      };
    },
    until(predicate, what, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        // Broker events wake the check at once; the poll catches what happens on the plant's side.
        const poll = setInterval(() => check(), 10);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          clearInterval(poll);
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const client of clients.values()) client.close();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
