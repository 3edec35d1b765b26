/** The plants table: every plant with its lifecycle, credentials' public facts and self-reported state. */
import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { ApiSchemas } from "../api-schemas.ts";
import type { Database } from "./database.ts";
import { pageInCreationOrder, whereSet } from "./listing.ts";
import {
  booleanOrNull,
  integer,
  jsonOrNull,
  numberOrNull,
  type Row,
  text,
  textOrNull,
  toBit,
  toJson,
} from "./rows.ts";

export type PlantType = ApiSchemas["PlantType"];
export type AuthMethod = ApiSchemas["AuthMethod"];
export type LifecycleStatus = ApiSchemas["LifecycleStatus"];
export type ConnectionStatus = ApiSchemas["ConnectionStatus"];

export interface PlantRecord {
  id: string;
  organizationId: string;
  name: string;
  serialNumber: string;
  type: PlantType;
  authMethod: AuthMethod;
  lifecycleStatus: LifecycleStatus;
  status: ConnectionStatus;
  templateId: string | null;
  externalPlantId: string | null;
  description: string | null;
  tag: string | null;
  latitude: number | null;
  longitude: number | null;
  metadata: Record<string, unknown> | null;
  esiState: string | null;
  capacityKwh: number | null;
  fvePeakPowerKwp: number | null;
  plantWithLoad: boolean | null;
  configEnabled: boolean | null;
  certificateFingerprint: string | null;
  certificateSerialNumber: string | null;
  certificateExpiresAt: string | null;
  secretRotatedAt: string | null;
  provisionedAt: string | null;
  activatedAt: string | null;
  lastSeenAt: string | null;
  /** Refused CONNECTs that named this plant (counted at most a few per minute, see the broker's throttle). */
  authFailureCount: number;
  lastAuthFailureAt: string | null;
  /** Refused messages (publish, subscribe) of a connected plant. */
  messageRefusalCount: number;
  lastMessageRefusalAt: string | null;
  /** Bumped by suspend, revoke and re-provision; an MQTT token of an older epoch is refused. */
  mqttTokenEpoch: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields `update` may change; `id`, `createdAt` and the refusal counters (see PlantRefusalStore) may not. */
export type PlantChanges = Partial<
  Omit<PlantRecord, "id" | "createdAt" | "authFailureCount" | "messageRefusalCount">
>;

export interface PlantListQuery {
  /** Only this organization's plants; undefined = every organization. */
  organizationId?: string | undefined;
  authMethod?: AuthMethod | undefined;
  lifecycleStatus?: LifecycleStatus | undefined;
  offset: number;
  limit: number;
}

/** A page of plants; frozen, since it may be shared with other callers until the database changes. */
export interface PlantPage {
  readonly items: readonly Readonly<PlantRecord>[];
  readonly total: number;
}

export interface PlantStore {
  insert(plant: PlantRecord): void;
  findById(id: string): PlantRecord | undefined;
  findBySerialNumber(serialNumber: string): PlantRecord | undefined;
  /** One page, ordered by createdAt then id, with the total across every page. */
  list(query: PlantListQuery): PlantPage;
  /** Every MTLS plant that holds a certificate (of one organization, or all). */
  listWithCertificates(organizationId?: string): PlantRecord[];
  /** Applies `changes` (undefined values are skipped); returns the plant after, undefined when there is none. */
  update(id: string, changes: PlantChanges): PlantRecord | undefined;
  /** Marks every plant OFFLINE (at start, before any session exists). */
  markAllOffline(): void;
  /**
   * A session opened: ONLINE and seen at `at`; a PROVISIONED plant becomes ACTIVE with activatedAt = `at`.
   * Returns false when the plant is gone or no longer in a state that may connect (suspended or revoked meanwhile).
   */
  markOnline(id: string, at: string): boolean;
  markOffline(id: string): void;
  /** Moves lastSeenAt forward to `at` (never back). */
  touchLastSeen(id: string, at: string): void;
  delete(id: string): boolean;
}

// camelCase field → column, for the fields that map one to one.
const COLUMNS: Record<keyof PlantChanges, string> = {
  organizationId: "organization_id",
  name: "name",
  serialNumber: "serial_number",
  type: "type",
  authMethod: "auth_method",
  lifecycleStatus: "lifecycle_status",
  status: "status",
  templateId: "template_id",
  externalPlantId: "external_plant_id",
  description: "description",
  tag: "tag",
  latitude: "latitude",
  longitude: "longitude",
  metadata: "metadata",
  esiState: "esi_state",
  capacityKwh: "capacity_kwh",
  fvePeakPowerKwp: "fve_peak_power_kwp",
  plantWithLoad: "plant_with_load",
  configEnabled: "config_enabled",
  certificateFingerprint: "certificate_fingerprint",
  certificateSerialNumber: "certificate_serial_number",
  certificateExpiresAt: "certificate_expires_at",
  secretRotatedAt: "secret_rotated_at",
  provisionedAt: "provisioned_at",
  activatedAt: "activated_at",
  lastSeenAt: "last_seen_at",
  lastAuthFailureAt: "last_auth_failure_at",
  lastMessageRefusalAt: "last_message_refusal_at",
  mqttTokenEpoch: "mqtt_token_epoch",
  updatedAt: "updated_at",
};

function toColumnValue(field: keyof PlantChanges, value: unknown): SQLInputValue {
  if (field === "metadata") return toJson(value);
  if (field === "plantWithLoad" || field === "configEnabled") return toBit(value as boolean | null);
  return value as SQLInputValue;
}

// Distinct pages (filters × organization × page) kept; beyond it the cache starts over.
const MAX_CACHED_PAGES = 500;

export function createPlantStore(db: Database): PlantStore {
  const fields = Object.keys(COLUMNS) as (keyof PlantChanges)[];
  const insert = db.sqlite.prepare(
    `INSERT INTO plants (id, auth_failure_count, created_at, ${fields.map((f) => COLUMNS[f]).join(", ")})
     VALUES (:id, :authFailureCount, :createdAt, ${fields.map((f) => `:${f}`).join(", ")})`,
  );
  // Queries built from optional filters are prepared once per distinct SQL text: preparing costs
  // more than running a page query, and there are only a few filter combinations.
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // A page costs a COUNT(*) over every matching plant and the conversion of each row's columns, far more than
  // the rest of a list request; dashboards ask for the same page again and again between writes. A page is
  // kept until the next write to the database (from any connection), and its records are frozen because
  // every caller shares them.
  const pages = new Map<string, { stamp: string; page: PlantPage }>();
  const byId = db.sqlite.prepare("SELECT * FROM plants WHERE id = ?");
  const bySerial = db.sqlite.prepare("SELECT * FROM plants WHERE serial_number = ?");
  const allOffline = db.sqlite.prepare("UPDATE plants SET status = 'OFFLINE' WHERE status <> 'OFFLINE'");
  // SQLite evaluates every SET expression against the row as it was, so the CASEs all see the old lifecycle.
  const online = db.sqlite.prepare(
    `UPDATE plants SET
       status = 'ONLINE',
       last_seen_at = :at,
       activated_at = CASE WHEN lifecycle_status = 'PROVISIONED' THEN :at ELSE activated_at END,
       updated_at = CASE WHEN lifecycle_status = 'PROVISIONED' THEN :at ELSE updated_at END,
       lifecycle_status = CASE WHEN lifecycle_status = 'PROVISIONED' THEN 'ACTIVE' ELSE lifecycle_status END
     WHERE id = :id AND lifecycle_status IN ('PROVISIONED', 'ACTIVE')`,
  );
  const offline = db.sqlite.prepare("UPDATE plants SET status = 'OFFLINE' WHERE id = ?");
  const touch = db.sqlite.prepare(
    "UPDATE plants SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
  );
  const remove = db.sqlite.prepare("DELETE FROM plants WHERE id = ?");

  const findById = (id: string) => {
    const row = byId.get(id) as Row | undefined;
    return row ? toPlant(row) : undefined;
  };

  return {
    insert: (plant) => {
      const params: Record<string, SQLInputValue> = {
        id: plant.id,
        authFailureCount: plant.authFailureCount,
        createdAt: plant.createdAt,
      };
      for (const field of fields) params[field] = toColumnValue(field, plant[field]);
      insert.run(params);
    },
    findById,
    findBySerialNumber: (serialNumber) => {
      const row = bySerial.get(serialNumber) as Row | undefined;
      return row ? toPlant(row) : undefined;
    },
    list: (query) => {
      const where = whereSet({
        "organization_id = :organizationId": query.organizationId,
        "auth_method = :authMethod": query.authMethod,
        "lifecycle_status = :lifecycleStatus": query.lifecycleStatus,
      });
      const key = `${where.clause}\n${JSON.stringify(where.params)} ${query.limit} ${query.offset}`;
      const stamp = db.writeStamp();
      const cached = pages.get(key);
      if (cached?.stamp === stamp) return cached.page;
      const { rows, total } = pageInCreationOrder(prepared, "plants", where, query);
      const page = Object.freeze({
        items: Object.freeze(rows.map((row) => Object.freeze(toPlant(row)))),
        total,
      });
      if (pages.size >= MAX_CACHED_PAGES) pages.clear();
      pages.set(key, { stamp, page });
      return page;
    },
    listWithCertificates: (organizationId) => {
      const rows = prepared(
        `SELECT * FROM plants WHERE auth_method = 'MTLS' AND certificate_expires_at IS NOT NULL
           ${organizationId === undefined ? "" : "AND organization_id = :organizationId"} ORDER BY created_at, id`,
      ).all(organizationId === undefined ? {} : { organizationId }) as Row[];
      return rows.map(toPlant);
    },
    update: (id, changes) => {
      const set = (Object.keys(changes) as (keyof PlantChanges)[]).filter(
        (field) => field in COLUMNS && changes[field] !== undefined,
      );
      if (set.length > 0) {
        const params: Record<string, SQLInputValue> = { id };
        for (const field of set) params[field] = toColumnValue(field, changes[field]);
        prepared(
          `UPDATE plants SET ${set.map((field) => `${COLUMNS[field]} = :${field}`).join(", ")} WHERE id = :id`,
        ).run(params);
      }
      return findById(id);
    },
    markAllOffline: () => {
      allOffline.run();
    },
    markOnline: (id, at) => Number(online.run({ id, at }).changes) > 0,
    markOffline: (id) => {
      offline.run(id);
    },
    touchLastSeen: (id, at) => {
      touch.run(at, id, at);
    },
    delete: (id) => Number(remove.run(id).changes) > 0,
  };
}

function toPlant(row: Row): PlantRecord {
  return {
    id: text(row, "id"),
    organizationId: text(row, "organization_id"),
    name: text(row, "name"),
    serialNumber: text(row, "serial_number"),
    type: text(row, "type") as PlantType,
    authMethod: text(row, "auth_method") as AuthMethod,
    lifecycleStatus: text(row, "lifecycle_status") as LifecycleStatus,
    status: text(row, "status") as ConnectionStatus,
    templateId: textOrNull(row, "template_id"),
    externalPlantId: textOrNull(row, "external_plant_id"),
    description: textOrNull(row, "description"),
    tag: textOrNull(row, "tag"),
    latitude: numberOrNull(row, "latitude"),
    longitude: numberOrNull(row, "longitude"),
    metadata: jsonOrNull<Record<string, unknown>>(row, "metadata"),
    esiState: textOrNull(row, "esi_state"),
    capacityKwh: numberOrNull(row, "capacity_kwh"),
    fvePeakPowerKwp: numberOrNull(row, "fve_peak_power_kwp"),
    plantWithLoad: booleanOrNull(row, "plant_with_load"),
    configEnabled: booleanOrNull(row, "config_enabled"),
    certificateFingerprint: textOrNull(row, "certificate_fingerprint"),
    certificateSerialNumber: textOrNull(row, "certificate_serial_number"),
    certificateExpiresAt: textOrNull(row, "certificate_expires_at"),
    secretRotatedAt: textOrNull(row, "secret_rotated_at"),
    provisionedAt: textOrNull(row, "provisioned_at"),
    activatedAt: textOrNull(row, "activated_at"),
    lastSeenAt: textOrNull(row, "last_seen_at"),
    authFailureCount: integer(row, "auth_failure_count"),
    lastAuthFailureAt: textOrNull(row, "last_auth_failure_at"),
    messageRefusalCount: integer(row, "message_refusal_count"),
    lastMessageRefusalAt: textOrNull(row, "last_message_refusal_at"),
    mqttTokenEpoch: integer(row, "mqtt_token_epoch"),
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}
