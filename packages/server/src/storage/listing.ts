/** List queries: a WHERE clause from the filters a caller set, and one page in creation order with its total. */
import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { Row } from "./rows.ts";

export interface Where {
  clause: string;
  params: Record<string, SQLInputValue>;
}

/**
 * `WHERE a AND b` from the conditions whose value is set; each condition names its one `:param`.
 *
 * @example whereSet({ "organization_id = :organizationId": query.organizationId, "level = :level": query.level })
 */
export function whereSet(conditions: Readonly<Record<string, SQLInputValue | undefined>>): Where {
  const parts: string[] = [];
  const params: Record<string, SQLInputValue> = {};
  for (const [condition, value] of Object.entries(conditions)) {
    if (value === undefined) continue;
    const param = /:([A-Za-z]\w*)/.exec(condition)?.[1];
    if (param === undefined) throw new Error(`condition without a :param: ${condition}`);
    parts.push(condition);
    params[param] = value;
  }
  return { clause: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/** One page of `table` in creation order (created_at, then id) and how many rows the filter matches in all. */
export function pageInCreationOrder(
  prepare: (sql: string) => StatementSync,
  table: string,
  where: Where,
  page: { limit: number; offset: number },
): { rows: Row[]; total: number } {
  const total = prepare(`SELECT COUNT(*) AS n FROM ${table} ${where.clause}`).get(where.params) as Row;
  const rows = prepare(
    `SELECT * FROM ${table} ${where.clause} ORDER BY created_at, id LIMIT :limit OFFSET :offset`,
  ).all({ ...where.params, limit: page.limit, offset: page.offset }) as Row[];
  return { rows, total: Number(total.n) };
}
