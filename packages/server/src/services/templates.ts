/** Templates: the read-only system templates (and an organization's own), so users can find their ids. */
import type { Store } from "../storage/store.ts";
import type { TemplateLevel, TemplateRecord } from "../storage/templates.ts";
import { organizationScope, type Principal } from "./access.ts";

export interface TemplateService {
  /** Every template the caller may use (system ones and its organization's), oldest first. */
  list(principal: Principal, filter: { level?: TemplateLevel | undefined }): TemplateRecord[];
}

// Templates are few; they are read in pages of this size only to keep each query bounded.
const PAGE = 500;

export function createTemplateService(deps: { store: Store }): TemplateService {
  return {
    list(principal, filter) {
      const templates: TemplateRecord[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const { items, total } = deps.store.templates.list({
          organizationId: organizationScope(principal),
          level: filter.level,
          offset,
          limit: PAGE,
        });
        templates.push(...items);
        if (items.length === 0 || templates.length >= total) return templates;
      }
    },
  };
}
