/** The Store: every table module over one database, handed to services (never imported as a singleton). */
import { type AlertRuleStore, createAlertRuleStore } from "./alert-rules.ts";
import { type AlertStore, createAlertStore } from "./alerts.ts";
import { type ApiTokenStore, createApiTokenStore } from "./api-tokens.ts";
import { type CommandStore, createCommandStore } from "./commands.ts";
import { type Database, openDatabase } from "./database.ts";
import { createEventStore, type EventStore } from "./events.ts";
import { createIdempotencyKeyStore, type IdempotencyKeyStore } from "./idempotency-keys.ts";
import { createOrganizationStore, type OrganizationStore } from "./organizations.ts";
import { createPlantCredentialStore, type PlantCredentialStore } from "./plant-credentials.ts";
import { createPlantRefusalStore, type PlantRefusalStore } from "./plant-refusals.ts";
import { createPlantStore, type PlantStore } from "./plants.ts";
import { createRevokedCertificateStore, type RevokedCertificateStore } from "./revoked-certificates.ts";
import { createSeenNonceStore, type SeenNonceStore } from "./seen-nonces.ts";
import { createTelemetryStore, type TelemetryStore } from "./telemetry.ts";
import { createTemplateStore, type TemplateStore } from "./templates.ts";

export interface Store {
  readonly db: Database;
  /** Runs `fn` in one transaction; see Database.transaction. */
  transaction<T>(fn: () => T): T;
  readonly organizations: OrganizationStore;
  readonly apiTokens: ApiTokenStore;
  readonly templates: TemplateStore;
  readonly plants: PlantStore;
  readonly plantCredentials: PlantCredentialStore;
  readonly plantRefusals: PlantRefusalStore;
  readonly revokedCertificates: RevokedCertificateStore;
  readonly alerts: AlertStore;
  readonly alertRules: AlertRuleStore;
  readonly commands: CommandStore;
  readonly telemetry: TelemetryStore;
  readonly events: EventStore;
  readonly seenNonces: SeenNonceStore;
  readonly idempotencyKeys: IdempotencyKeyStore;
  /** Throws unless the database is open and answers a query (the health check). */
  ping(): void;
  close(): void;
}

/** Builds the Store over an open database. */
export function createStore(db: Database): Store {
  const ping = db.sqlite.prepare("SELECT 1");
  return {
    db,
    transaction: (fn) => db.transaction(fn),
    organizations: createOrganizationStore(db),
    apiTokens: createApiTokenStore(db),
    templates: createTemplateStore(db),
    plants: createPlantStore(db),
    plantCredentials: createPlantCredentialStore(db),
    plantRefusals: createPlantRefusalStore(db),
    revokedCertificates: createRevokedCertificateStore(db),
    alerts: createAlertStore(db),
    alertRules: createAlertRuleStore(db),
    commands: createCommandStore(db),
    telemetry: createTelemetryStore(db),
    events: createEventStore(db),
    seenNonces: createSeenNonceStore(db),
    idempotencyKeys: createIdempotencyKeyStore(db),
    ping: () => {
      ping.get();
    },
    close: () => db.close(),
  };
}

/**
 * Opens the database at `path` (":memory:" for tests) and builds the Store over it.
 *
 * @example const store = openStore(":memory:");
 */
export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}
