/**
 * The broker's TLS listener: a server certificate from the CA (SANs = the public host, localhost, 127.0.0.1, ::1),
 * client certificates requested but judged at MQTT CONNECT (so a bad one is counted against its plant), and a
 * CRL that is swapped in without a restart.
 */

import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { createServer, type SecureContextOptions, type Server, type TLSSocket } from "node:tls";
import type { Logger } from "../logger.ts";
import type { CertificateAuthority } from "../pki/certificate-authority.ts";

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

export async function createTlsEndpoint(deps: {
  ca: CertificateAuthority;
  now: Date;
  /** VOKE_PUBLIC_MQTT_HOST and VOKE_MQTT_HOST. */
  hosts: readonly string[];
  crlPem: string;
  onSecureConnection: (socket: TLSSocket) => void;
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
  };
  const server = createServer(
    // rejectUnauthorized: false lets a bad client certificate reach CONNECT, where authenticate refuses and counts it.
    { ...context, requestCert: true, rejectUnauthorized: false },
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
  server.on("tlsClientError", (error) => {
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
