/** The mqtt.js options for a plant: TLS against the package's CA, and the credentials of its auth method. */
import { isIP } from "node:net";
import type { IClientOptions } from "mqtt";
import type { ProvisioningPackage } from "./provisioning-package.ts";
import { createRedeliveryStore } from "./redelivery-store.ts";

export interface ConnectionTarget {
  /** Host to dial; defaults to the package's broker. */
  host?: string | undefined;
  /** Port to dial; defaults to the package's port. */
  port?: number | undefined;
  /** MQTT password: the JWT for TOKEN plants, the hmacSecret for PASSWORD plants; unused for MTLS. */
  password?: string | undefined;
  keepaliveSeconds?: number | undefined;
  connectTimeoutMs?: number | undefined;
}

/**
 * mqtt.js never reconnects on its own timer with this period (about 24.8 days, the largest a timer
 * takes): the connection reconnects itself with backoff. A positive period still keeps mqtt.js in
 * "reconnecting" mode, where unacknowledged QoS 1 messages are kept and resent.
 */
export const PARKED_RECONNECT_PERIOD_MS = 2_147_483_647;

/**
 * @example
 * const client = mqtt.connect(mqttClientOptions(pkg, { password: pkg.security.hmacSecret }));
 */
export function mqttClientOptions(pkg: ProvisioningPackage, target: ConnectionTarget = {}): IClientOptions {
  const broker = pkg.mqtt.broker;
  // mqtt.js hands its options on to tls.connect, which takes noDelay; its own types do not list it.
  const options: IClientOptions & { noDelay: boolean } = {
    protocol: "mqtts",
    host: target.host ?? broker,
    port: target.port ?? pkg.mqtt.port,
    protocolVersion: 4,
    clientId: pkg.plantId,
    clean: true,
    keepalive: target.keepaliveSeconds ?? 30,
    connectTimeout: target.connectTimeoutMs ?? 10_000,
    reconnectPeriod: PARKED_RECONNECT_PERIOD_MS,
    resubscribe: false,
    outgoingStore: createRedeliveryStore(),
    ca: pkg.security.caCert,
    rejectUnauthorized: true,
    // Acks and telemetry are small writes: without this, Nagle's algorithm holds one back until the
    // broker's delayed TCP ACK (~40 ms on Linux) whenever another small write is still unacknowledged.
    noDelay: true,
  };
  // The broker certificate names the package's host; check it even when dialling another address.
  // An IP address cannot be a TLS server name (RFC 6066): Node then checks the IP SAN itself.
  if (isIP(broker) === 0) options.servername = broker;
  if (pkg.authMethod === "MTLS") {
    options.cert = pkg.security.clientCert ?? undefined;
    options.key = pkg.security.clientKey ?? undefined;
  } else {
    options.username = pkg.mqtt.username ?? pkg.plantId;
    options.password = target.password;
  }
  return options;
}
