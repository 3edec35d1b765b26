/** The templates table: signal/action templates for plants (level PLANT) and their devices (level DEVICE). */
import type { ApiSchemas } from "../api-schemas.ts";
import type { Database } from "./database.ts";
import { pageInCreationOrder, whereSet } from "./listing.ts";
import { integer, jsonOrNull, type Row, text, textOrNull } from "./rows.ts";

export type TemplateLevel = ApiSchemas["TemplateLevel"];

export interface TemplateRecord {
  id: string;
  /** null for the read-only system templates every organization sees. */
  organizationId: string | null;
  name: string;
  level: TemplateLevel;
  type: string;
  version: number;
  isSystem: boolean;
  signals: Record<string, unknown>[];
  actions: Record<string, unknown>[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateListQuery {
  /** Templates visible to this organization (its own plus system ones); undefined = every template. */
  organizationId?: string | undefined;
  level?: TemplateLevel | undefined;
  offset: number;
  limit: number;
}

export interface TemplateStore {
  insert(template: TemplateRecord): void;
  findById(id: string): TemplateRecord | undefined;
  list(query: TemplateListQuery): { items: TemplateRecord[]; total: number };
}

export function createTemplateStore(db: Database): TemplateStore {
  const insert = db.sqlite.prepare(
    `INSERT INTO templates (id, organization_id, name, level, type, version, is_system, signals, actions, created_at, updated_at)
     VALUES (:id, :organizationId, :name, :level, :type, :version, :isSystem, :signals, :actions, :createdAt, :updatedAt)`,
  );
  const byId = db.sqlite.prepare("SELECT * FROM templates WHERE id = ?");
  return {
    insert: (template) => {
      insert.run({
        ...template,
        isSystem: template.isSystem ? 1 : 0,
        signals: JSON.stringify(template.signals),
        actions: JSON.stringify(template.actions),
      });
    },
    findById: (id) => {
      const row = byId.get(id) as Row | undefined;
      return row ? toTemplate(row) : undefined;
    },
    list: (query) => {
      const where = whereSet({
        "(organization_id IS NULL OR organization_id = :organizationId)": query.organizationId,
        "level = :level": query.level,
      });
      const { rows, total } = pageInCreationOrder((sql) => db.sqlite.prepare(sql), "templates", where, query);
      return { items: rows.map(toTemplate), total };
    },
  };
}

function toTemplate(row: Row): TemplateRecord {
  return {
    id: text(row, "id"),
    organizationId: textOrNull(row, "organization_id"),
    name: text(row, "name"),
    level: text(row, "level") as TemplateLevel,
    type: text(row, "type"),
    version: integer(row, "version"),
    isSystem: integer(row, "is_system") === 1,
    signals: jsonOrNull<Record<string, unknown>[]>(row, "signals") ?? [],
    actions: jsonOrNull<Record<string, unknown>[]>(row, "actions") ?? [],
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}
