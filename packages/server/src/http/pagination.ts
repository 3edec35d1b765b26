/**
 * Pagination: `page` 1–MAX_PAGE (default 1), `limit` 1–100 (default 20), and the `meta` block of every
 * list.
 */
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";

const integerParam = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform((text) => Number(text));

/** The highest page number accepted (openapi.yaml Page.maximum): the offset then stays an exact integer. */
export const MAX_PAGE = 1_000_000;

/** Query fields for a paginated list; spread into a list's own query schema. */
export const paginationQuery = {
  page: integerParam("page")
    .pipe(z.number().min(1, "page must be at least 1").max(MAX_PAGE, `page must be at most ${MAX_PAGE}`))
    .default(1),
  limit: integerParam("limit")
    .pipe(z.number().min(1, "limit must be at least 1").max(100, "limit must be at most 100"))
    .default(20),
};

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

export function pageMeta(page: number, limit: number, total: number): PageMeta {
  return { page, limit, total, totalPages: Math.ceil(total / limit) } satisfies ApiSchemas["PaginationMeta"];
}
