/** Reads and checks a provisioning package, so a bad file fails early with a message naming the field. */
import { readFile } from "node:fs/promises";
import { AUTH_METHOD_VALUES, type components } from "@voke/sdk";
import { DeviceError } from "./errors.ts";

export type ProvisioningPackage = components["schemas"]["ProvisioningPackage"];
export type AuthMethod = components["schemas"]["AuthMethod"];
export type MqttTopics = components["schemas"]["MqttTopics"];

const AUTH_METHODS: readonly AuthMethod[] = AUTH_METHOD_VALUES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_PRIVATE_KEY =
  /-----BEGIN (?:EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+-----END (?:EC |ENCRYPTED )?PRIVATE KEY-----/;
const TOPIC_NAMES = ["telemetry", "status", "ack", "commands"] as const;

/**
 * Checks that `value` is a usable provisioning package and returns it typed. Throws DeviceError
 * INVALID_PACKAGE naming the first bad field; the message never contains a secret.
 */
export function parseProvisioningPackage(value: unknown): ProvisioningPackage {
  const root = object(value, "package");
  const plantId = string(root.plantId, "plantId");
  if (!UUID.test(plantId)) throw bad("plantId must be a UUID");
  const authMethod = root.authMethod as AuthMethod;
  if (!AUTH_METHODS.includes(authMethod)) throw bad(`authMethod must be one of ${AUTH_METHODS.join(", ")}`);

  const mqtt = object(root.mqtt, "mqtt");
  string(mqtt.broker, "mqtt.broker");
  const port = mqtt.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw bad("mqtt.port must be an integer from 1 to 65535");
  }
  if (string(mqtt.clientId, "mqtt.clientId") !== plantId) throw bad("mqtt.clientId must equal plantId");
  if (mqtt.username !== undefined && mqtt.username !== null) string(mqtt.username, "mqtt.username");
  const topics = object(mqtt.topics, "mqtt.topics");
  for (const name of TOPIC_NAMES) {
    const topic = string(topics[name], `mqtt.topics.${name}`);
    if (topic !== `voke/v1/${plantId}/${name}`)
      throw bad(`mqtt.topics.${name} must be voke/v1/${plantId}/${name}`);
  }

  const security = object(root.security, "security");
  if (!PEM_CERTIFICATE.test(string(security.caCert, "security.caCert"))) {
    throw bad("security.caCert must be a PEM certificate");
  }
  string(security.hmacSecret, "security.hmacSecret");
  if (authMethod === "MTLS") {
    if (!PEM_CERTIFICATE.test(string(security.clientCert, "security.clientCert"))) {
      throw bad("security.clientCert must be a PEM certificate for an MTLS plant");
    }
    if (!PEM_PRIVATE_KEY.test(string(security.clientKey, "security.clientKey"))) {
      throw bad("security.clientKey must be a PEM private key for an MTLS plant");
    }
  }
  if (root.protocol !== undefined) object(root.protocol, "protocol");
  return value as ProvisioningPackage;
}

/**
 * Reads a provisioning package file (as written by `voke provision download`) and checks it.
 *
 * @example const pkg = await loadProvisioningPackage("./voke-SN-001.json");
 */
export async function loadProvisioningPackage(path: string): Promise<ProvisioningPackage> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code ?? error);
    throw new DeviceError("INVALID_PACKAGE", `cannot read provisioning package ${path}: ${why}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's text, which holds secrets: say only where.
    throw new DeviceError("INVALID_PACKAGE", `provisioning package ${path} is not JSON`);
  }
  try {
    return parseProvisioningPackage(value);
  } catch (error) {
    if (error instanceof DeviceError) {
      throw new DeviceError("INVALID_PACKAGE", `provisioning package ${path}: ${error.message}`);
    }
    throw error;
  }
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad(`${path} must be an object`);
  return value as Record<string, unknown>;
}

function string(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "") throw bad(`${path} must be a non-empty string`);
  return value;
}

function bad(message: string): DeviceError {
  return new DeviceError("INVALID_PACKAGE", message);
}
