// The broker's TLS listener: reachable and verifiable by every name in its certificate, client certificates
// judged (not refused) in the handshake, and a new CRL applied without a restart.
import { mkdtemp, rm } from "node:fs/promises";
import { connect as connectTcp, isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import {
  type CertificateAuthority,
  type IssuedCertificate,
  loadOrCreateCertificateAuthority,
} from "../pki/certificate-authority.ts";
import { brokerSubjectAltNames, createTlsEndpoint, type TlsEndpoint } from "./tls-endpoint.ts";

let dir: string;
let ca: CertificateAuthority;
let endpoint: TlsEndpoint;
let port: number;
let plant: IssuedCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "voke-tls-endpoint-"));
  ca = await loadOrCreateCertificateAuthority({ dir, now: () => new Date() });
  plant = await ca.issueClientCertificate({ commonName: "plant-1", now: new Date() });
  endpoint = await createTlsEndpoint({
    ca,
    now: new Date(),
    hosts: ["mqtt.example.test", "0.0.0.0"],
    crlPem: await ca.createCrl({ revoked: [], now: new Date() }),
    logger: silentLogger,
    isSourceBlocked: () => false,
    onDropped: () => {},
    handshakeTimeoutMs: 10_000,
    maxConnections: 100,
    onSecureConnection: (socket) =>
      socket.end(
        JSON.stringify({ authorized: socket.authorized, error: String(socket.authorizationError ?? "") }),
      ),
  });
  port = await endpoint.listen(0, "127.0.0.1");
});
afterAll(async () => {
  await endpoint.close();
  await rm(dir, { recursive: true, force: true });
});

/** Connects verifying the broker certificate for `name`; resolves with what the server saw of the client. */
function handshake(
  name: string,
  client?: IssuedCertificate,
): Promise<{ authorized: boolean; error: string }> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({
      host: "127.0.0.1",
      port,
      // An IP address is checked against the certificate's IP SANs; a name goes out as SNI and is checked too.
      ...(isIP(name) ? {} : { servername: name }),
      ca: ca.certificatePem,
      ...(client ? { cert: client.certificatePem, key: client.privateKeyPem } : {}),
    });
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("end", () => resolve(JSON.parse(text)));
    socket.on("error", reject);
  });
}

describe("brokerSubjectAltNames", () => {
  it("always names localhost, 127.0.0.1 and ::1, adds the configured hosts, and skips wildcard addresses", () => {
    expect(brokerSubjectAltNames(["Broker.Example.COM", "10.0.0.5", "[fd00::1]", "0.0.0.0", "::"])).toEqual({
      hostNames: ["localhost", "broker.example.com"],
      ipAddresses: ["127.0.0.1", "::1", "10.0.0.5", "fd00::1"],
    });
  });
});

describe("createTlsEndpoint", () => {
  it("presents a certificate valid for the public host name, localhost and 127.0.0.1", async () => {
    await expect(handshake("mqtt.example.test")).resolves.toMatchObject({ authorized: false });
    await expect(handshake("localhost", plant)).resolves.toEqual({ authorized: true, error: "" });
    await expect(handshake("127.0.0.1", plant)).resolves.toEqual({ authorized: true, error: "" });
  });

  it("refuses a server name the certificate does not carry", async () => {
    await expect(handshake("elsewhere.example.test")).rejects.toThrow(/altnames/);
  });

  it("applies a reloaded CRL to the next handshake", async () => {
    const revoked = await ca.issueClientCertificate({ commonName: "plant-2", now: new Date() });
    await expect(handshake("localhost", revoked)).resolves.toEqual({ authorized: true, error: "" });
    endpoint.reloadCrl(
      await ca.createCrl({
        revoked: [{ serialNumber: revoked.serialNumber, revokedAt: new Date() }],
        now: new Date(),
      }),
    );
    await expect(handshake("localhost", revoked)).resolves.toEqual({
      authorized: false,
      error: "CERT_REVOKED",
    });
    await expect(handshake("localhost", plant)).resolves.toEqual({ authorized: true, error: "" });
  });
});

describe("createTlsEndpoint limits", () => {
  it("drops connections over the cap and from blocked sources, and closes a silent one at the handshake deadline", async () => {
    const dropped: string[] = [];
    const held: TLSSocket[] = [];
    const limited = await createTlsEndpoint({
      ca,
      now: new Date(),
      hosts: [],
      crlPem: await ca.createCrl({ revoked: [], now: new Date() }),
      logger: silentLogger,
      isSourceBlocked: (address) => address === "127.0.0.3",
      onDropped: (reason) => void dropped.push(reason),
      handshakeTimeoutMs: 300,
      maxConnections: 1,
      onSecureConnection: (socket) => void held.push(socket),
    });
    const limitedPort = await limited.listen(0, "127.0.0.1");
    const open = (localAddress = "127.0.0.1") => {
      const raw = connectTcp({ host: "127.0.0.1", port: limitedPort, localAddress });
      raw.on("error", () => {});
      return raw;
    };
    const closedAfter = (socket: import("node:net").Socket) => {
      const started = Date.now();
      return new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now() - started)));
    };
    try {
      const blocked = open("127.0.0.3");
      await closedAfter(blocked);
      expect(dropped).toEqual(["SOURCE_THROTTLED"]);

      const first = open();
      await new Promise((resolve) => first.once("connect", resolve));
      const second = open();
      // The first says nothing: closed at the handshake deadline. The second is over the cap: closed at once.
      const [silentMs] = await Promise.all([closedAfter(first), closedAfter(second)]);
      expect(silentMs).toBeGreaterThanOrEqual(250);
      expect(dropped).toEqual(
        expect.arrayContaining(["CONNECTION_LIMIT", "SOURCE_THROTTLED", "TLS_HANDSHAKE_FAILED"]),
      );
      expect(held).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
