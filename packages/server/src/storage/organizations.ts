/** The organizations table: the tenants every other resource belongs to. */
import type { Database } from "./database.ts";
import { type Row, text } from "./rows.ts";

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationStore {
  insert(organization: OrganizationRecord): void;
  findById(id: string): OrganizationRecord | undefined;
  /** Every organization, oldest first. */
  list(): OrganizationRecord[];
  count(): number;
}

export function createOrganizationStore(db: Database): OrganizationStore {
  const insert = db.sqlite.prepare(
    "INSERT INTO organizations (id, name, created_at, updated_at) VALUES (:id, :name, :createdAt, :updatedAt)",
  );
  const byId = db.sqlite.prepare("SELECT * FROM organizations WHERE id = ?");
  const all = db.sqlite.prepare("SELECT * FROM organizations ORDER BY created_at, id");
  const count = db.sqlite.prepare("SELECT COUNT(*) AS n FROM organizations");
  return {
    insert: (organization) => {
      insert.run({ ...organization });
    },
    findById: (id) => {
      const row = byId.get(id) as Row | undefined;
      return row ? toOrganization(row) : undefined;
    },
    list: () => (all.all() as Row[]).map(toOrganization),
    count: () => Number((count.get() as Row).n),
  };
}

function toOrganization(row: Row): OrganizationRecord {
  return {
    id: text(row, "id"),
    name: text(row, "name"),
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}
