// Proves the CA's certificates work in a real TLS handshake: the broker's server certificate plus plant
// client certificates, with the CRL enforced.
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type Server, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CertificateAuthority,
  type IssuedCertificate,
  loadOrCreateCertificateAuthority,
} from "./certificate-authority.ts";

const now = () => new Date();
let dirs: string[] = [];
let ca: CertificateAuthority;
let foreignCa: CertificateAuthority;
let brokerCertificate: IssuedCertificate;

beforeAll(async () => {
  dirs = [await mkdtemp(join(tmpdir(), "voke-tls-ca-")), await mkdtemp(join(tmpdir(), "voke-tls-foreign-"))];
  ca = await loadOrCreateCertificateAuthority({ dir: dirs[0] ?? "", now });
  foreignCa = await loadOrCreateCertificateAuthority({ dir: dirs[1] ?? "", now });
  brokerCertificate = await ca.issueServerCertificate({
    hostNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
    now: now(),
  });
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface PeerSeen {
  commonName: string;
  authorized: boolean;
  authorizationError: string | undefined;
}

interface Broker {
  port: number;
  /** Every client that completed a handshake the server let through. */
  peers: PeerSeen[];
  close(): Promise<void>;
}

/**
 * A TLS server configured as the MQTT broker will be. `strict` refuses bad client certificates in the
 * handshake; otherwise the server lets them through so the test can read OpenSSL's verdict.
 */
async function startBroker(opts: { strict: boolean; crl?: string }): Promise<Broker> {
  const peers: PeerSeen[] = [];
  const server: Server = createServer(
    {
      key: brokerCertificate.privateKeyPem,
      cert: brokerCertificate.certificatePem,
      ca: ca.certificatePem,
      requestCert: true,
      rejectUnauthorized: opts.strict,
      ...(opts.crl ? { crl: opts.crl } : {}),
    },
    (socket) => {
      const commonName = String(socket.getPeerCertificate().subject?.CN);
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      peers.push({ commonName, authorized: socket.authorized, authorizationError });
      if (socket.authorized) socket.end(`hello ${commonName}`);
      else socket.destroy();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    peers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Connects as a plant and resolves with the server's greeting; rejects when the server refuses it. */
function connectAsPlant(port: number, host: string, client: IssuedCertificate): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({
      port,
      host,
      ...(host === "localhost" ? { servername: "localhost" } : {}),
      ca: ca.certificatePem,
      cert: client.certificatePem,
      key: client.privateKeyPem,
    });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("close", () => (received ? resolve(received) : reject(new Error("refused: no greeting"))));
    socket.on("error", () => {
      // A refusal shows up as a TLS alert or a reset depending on timing; "close" follows and decides.
    });
  });
}

describe("mutual TLS with the CA's certificates", () => {
  it("accepts a plant's client certificate and the server sees its CN, by host name and by IP", async () => {
    const broker = await startBroker({ strict: true });
    try {
      const plant = await ca.issueClientCertificate({ commonName: "plt_tls_ok", now: now() });
      expect(await connectAsPlant(broker.port, "localhost", plant)).toBe("hello plt_tls_ok");
      expect(await connectAsPlant(broker.port, "127.0.0.1", plant)).toBe("hello plt_tls_ok");
      expect(broker.peers).toEqual([
        { commonName: "plt_tls_ok", authorized: true, authorizationError: undefined },
        { commonName: "plt_tls_ok", authorized: true, authorizationError: undefined },
      ]);
    } finally {
      await broker.close();
    }
  });

  it("rejects a client certificate from another CA", async () => {
    const intruder = await foreignCa.issueClientCertificate({ commonName: "plt_intruder", now: now() });
    const strict = await startBroker({ strict: true });
    const lenient = await startBroker({ strict: false });
    try {
      await expect(connectAsPlant(strict.port, "localhost", intruder)).rejects.toThrow(/refused/);
      expect(strict.peers).toEqual([]);

      await expect(connectAsPlant(lenient.port, "localhost", intruder)).rejects.toThrow(/refused/);
      expect(lenient.peers).toEqual([
        {
          commonName: "plt_intruder",
          authorized: false,
          authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        },
      ]);
    } finally {
      await Promise.all([strict.close(), lenient.close()]);
    }
  });

  it("rejects a revoked client certificate when the server loads the CRL, and still accepts others", async () => {
    const revoked = await ca.issueClientCertificate({ commonName: "plt_tls_revoked", now: now() });
    const kept = await ca.issueClientCertificate({ commonName: "plt_tls_kept", now: now() });
    const crl = await ca.createCrl({
      revoked: [{ serialNumber: revoked.serialNumber, revokedAt: now(), reason: "keyCompromise" }],
      now: now(),
    });
    const strict = await startBroker({ strict: true, crl });
    const lenient = await startBroker({ strict: false, crl });
    try {
      await expect(connectAsPlant(strict.port, "localhost", revoked)).rejects.toThrow(/refused/);
      expect(await connectAsPlant(strict.port, "localhost", kept)).toBe("hello plt_tls_kept");
      expect(strict.peers.map((peer) => peer.commonName)).toEqual(["plt_tls_kept"]);

      await expect(connectAsPlant(lenient.port, "localhost", revoked)).rejects.toThrow(/refused/);
      expect(lenient.peers).toEqual([
        { commonName: "plt_tls_revoked", authorized: false, authorizationError: "CERT_REVOKED" },
      ]);
    } finally {
      await Promise.all([strict.close(), lenient.close()]);
    }
  });
});
