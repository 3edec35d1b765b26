/**
 * The broker's TLS listener: a server certificate from the CA (SANs = the public host, localhost, 127.0.0.1, ::1),
 * TLS 1.2+ with AEAD suites only, client certificates requested but judged at MQTT CONNECT (so a bad one is
 * counted against its plant), a CRL that is swapped in without a restart, a deadline for the handshake, a cap
 * on concurrent connections, and sources that failed too often dropped before any TLS work.
 */

import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { createServer, type SecureContextOptions, type Server, type TLSSocket } from "node:tls";
import type { Logger } from "../logger.ts";
import type { CertificateAuthority } from "../pki/certificate-authority.ts";
import type { ConnectionDrop } from "./refusals.ts";

export interface TlsEndpoint {
  readonly server: Server;
  /** Applies a new CRL (PEM) to every connection from now on. */
  reloadCrl(crlPem: string): void;
  /** Listens on `host`:`port` (0 = a free port) and returns the port bound. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** The names the broker certificate must carry so plants can reach it by any of them. */
export function brokerSubjectAltNames(hosts: readonly string[]): {
  hostNames: string[];
  ipAddresses: string[];
} {
  const hostNames = new Set<string>(["localhost"]);
  const ipAddresses = new Set<string>(["127.0.0.1", "::1"]);
  for (const host of hosts) {
    const bare = host.replace(/^\[(.*)\]$/, "$1");
    // A wildcard listen address is no name anyone connects to.
    if (bare === "0.0.0.0" || bare === "::" || bare === "") continue;
    if (isIP(bare) !== 0) ipAddresses.add(bare);
    else hostNames.add(bare.toLowerCase());
  }
  return { hostNames: [...hostNames], ipAddresses: [...ipAddresses] };
}

/** Every TLS 1.2 suite offered: ECDHE key exchange, ECDSA certificate, AEAD cipher. */
export const TLS12_AEAD_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
].join(":");

export async function createTlsEndpoint(deps: {
  ca: CertificateAuthority;
  now: Date;
  /** VOKE_PUBLIC_MQTT_HOST and VOKE_MQTT_HOST. */
  hosts: readonly string[];
  crlPem: string;
  onSecureConnection: (socket: TLSSocket) => void;
  /** A raw connection is dropped at once when this says its address failed too often. */
  isSourceBlocked: (address: string | undefined) => boolean;
  /** Told about every connection dropped before it reached MQTT. */
  onDropped: (reason: ConnectionDrop) => void;
  /** Time from TCP accept to a finished handshake. */
  handshakeTimeoutMs: number;
  maxConnections: number;
  logger: Logger;
}): Promise<TlsEndpoint> {
  const certificate = await deps.ca.issueServerCertificate({
    ...brokerSubjectAltNames(deps.hosts),
    now: deps.now,
  });
  const context: SecureContextOptions = {
    key: certificate.privateKeyPem,
    cert: certificate.certificatePem,
    ca: deps.ca.certificatePem,
    crl: deps.crlPem,
    minVersion: "TLSv1.2",
    // TLS 1.2 with ECDHE and AEAD only (the key is ECDSA); TLS 1.3's suites are all AEAD.
    ciphers: TLS12_AEAD_CIPHERS,
    honorCipherOrder: true,
  };
  const server = createServer(
    // rejectUnauthorized: false lets a bad client certificate reach CONNECT, where authenticate refuses and counts it.
    { ...context, requestCert: true, rejectUnauthorized: false, handshakeTimeout: deps.handshakeTimeoutMs },
    (socket) => {
      // A client certificate whose signature fails verification (e.g. from another Voke CA, which has the same
      // name) leaves an entry on OpenSSL's thread-wide error queue that Node reports as a fatal error on the
      // next TLS or crypto call — of any connection. Reading the peer certificate clears that queue right away.
      socket.getPeerX509Certificate();
      // MQTT packets are small and latency-bound (a command and its ack): Nagle's delay would add ~40 ms each way.
      socket.setNoDelay(true);
      deps.onSecureConnection(socket);
    },
  );
  server.maxConnections = deps.maxConnections;
  // Runs before the TLS layer reads anything: a throttled source costs an accept and a close.
  const throttled = new WeakSet<object>();
  server.prependListener("connection", (raw) => {
    if (!deps.isSourceBlocked(raw.remoteAddress)) return;
    throttled.add(raw);
    raw.destroy();
    deps.onDropped("SOURCE_THROTTLED");
  });
  server.on("drop", () => deps.onDropped("CONNECTION_LIMIT"));
  server.on("tlsClientError", (error, socket) => {
    // With a listener here Node leaves the socket open, even after ERR_TLS_HANDSHAKE_TIMEOUT: close it.
    socket.destroy();
    // A connection cut above for its source ends here too (its TLS socket wraps the raw one as `_parent`,
    // which Node does not type); it was counted already.
    if (throttled.has((socket as TLSSocket & { _parent?: object })._parent ?? socket)) return;
    deps.onDropped("TLS_HANDSHAKE_FAILED");
    deps.logger.debug("tls handshake failed", { error });
  });

  return {
    server,
    reloadCrl(crlPem) {
      server.setSecureContext({ ...context, crl: crlPem });
      context.crl = crlPem;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
