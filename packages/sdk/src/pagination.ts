/** Walks a paginated list (`{data, meta: {page, totalPages}}`) page by page, yielding its items in order. */
import type { PaginationMeta } from "./types.ts";

/** One page of a list, as every list operation returns it. */
export interface Page<T> {
  data: T[];
  meta: PaginationMeta;
}

/**
 * Yields every item of every page from `firstPage` on, fetching the next page only when the
 * previous one is used up, and stopping after `meta.totalPages` (or at an empty page).
 *
 * @example
 * for await (const plant of paginate((page) => client.plants.list({ page, limit: 100 }))) { ... }
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  firstPage = 1,
): AsyncGenerator<T, void, undefined> {
  for (let page = firstPage; ; page++) {
    const { data, meta } = await fetchPage(page);
    yield* data;
    if (data.length === 0 || page >= meta.totalPages) return;
  }
}
