/**
 * The event hub behind GET /api/v1/events: services publish what plants do, open streams subscribe. Every event
 * gets the next id of a sequence kept in SQLite, goes into an in-memory ring (the replay window a stream resumes
 * from with Last-Event-ID) and is written to the events table on the next turn of the event loop, so a server
 * restarted within the window resumes streams without losing or renumbering anything.
 */
import { type Clock, isoTime } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { EventRecord, EventType } from "../storage/events.ts";
import type { Store } from "../storage/store.ts";

export type { EventRecord, EventType } from "../storage/events.ts";
export { EVENT_TYPES } from "../storage/events.ts";

/** What services hand the hub; the organization is looked up from the plant when not given. */
export interface NewEvent {
  type: EventType;
  plantId: string;
  organizationId?: string;
  data: Record<string, unknown>;
}

/** What the services see of the hub. */
export interface EventPublisher {
  publish(event: NewEvent): void;
}

export interface EventFilter {
  /** Only this organization's events; undefined for every organization (a superadmin). */
  organizationId: string | undefined;
  /** Only these plants; empty for all. */
  plantIds: ReadonlySet<string>;
  /** Only these types; empty for all. */
  types: ReadonlySet<EventType>;
}

export interface Subscription {
  /** The events after the requested id still in the window, oldest first, matching the filter. */
  backlog: EventRecord[];
  /** True when events after the requested id have already left the window. */
  gap: boolean;
  close(): void;
}

export interface EventHub extends EventPublisher {
  /**
   * Calls `listener` with every later matching event; `afterId` (Last-Event-ID) fills `backlog` first. The
   * backlog and the live events never overlap nor leave a hole: both are taken in the same turn.
   */
  subscribe(
    filter: EventFilter,
    afterId: number | undefined,
    listener: (event: EventRecord) => void,
    /** Called when the server shuts down: the stream should end. */
    onShutdown?: () => void,
  ): Subscription;
  /** How many streams are subscribed now. */
  subscriberCount(): number;
  /** Writes the events still queued; call before closing the store. */
  flush(): void;
  /** Ends every subscription (their onShutdown) and writes what is queued. */
  shutdown(): void;
}

export interface EventHubOptions {
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** How many recent events the hub keeps for resuming (memory and table); 50,000 by default. */
  replayWindow?: number;
}

export function createEventHub(options: EventHubOptions): EventHub {
  const { store, clock } = options;
  const capacity = options.replayWindow ?? 50_000;
  const ring: EventRecord[] = store.events.latest(capacity);
  let lastId = Math.max(store.events.lastId(), ring.at(-1)?.id ?? 0);
  let unwritten: EventRecord[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let prunedUpTo = 0;
  const listeners = new Set<{
    filter: EventFilter;
    listener: (event: EventRecord) => void;
    onShutdown: (() => void) | undefined;
  }>();
  // Plants never change organization, so a plant's is looked up once.
  const organizations = new Map<string, string>();

  const organizationOf = (plantId: string): string | undefined => {
    let organizationId = organizations.get(plantId);
    if (organizationId === undefined) {
      organizationId = store.plants.findById(plantId)?.organizationId;
      if (organizationId !== undefined) organizations.set(plantId, organizationId);
    }
    return organizationId;
  };

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (unwritten.length === 0) return;
    const batch = unwritten;
    unwritten = [];
    try {
      store.events.insertMany(batch);
      const oldestKept = lastId - capacity;
      if (oldestKept - prunedUpTo >= 1000) {
        store.events.deleteUpTo(oldestKept);
        prunedUpTo = oldestKept;
      }
    } catch (error) {
      // The live streams have them; only a resume across a restart could miss these.
      options.logger?.error("events could not be stored for replay", { error, count: batch.length });
    }
  };

  return {
    publish(input) {
      const organizationId = input.organizationId ?? organizationOf(input.plantId);
      if (organizationId === undefined) return;
      if (input.organizationId !== undefined) organizations.set(input.plantId, organizationId);
      const event: EventRecord = {
        id: ++lastId,
        organizationId,
        plantId: input.plantId,
        type: input.type,
        at: isoTime(clock.now()),
        data: input.data,
      };
      ring.push(event);
      // Trimmed in chunks: shifting one element of a 50,000-long array per event costs more.
      if (ring.length > capacity + 1000) ring.splice(0, ring.length - capacity);
      unwritten.push(event);
      scheduled ??= setImmediate(flush);
      for (const subscriber of listeners) {
        if (!matches(subscriber.filter, event)) continue;
        try {
          subscriber.listener(event);
        } catch (error) {
          options.logger?.error("event listener failed", { error });
        }
      }
    },
    subscribe(filter, afterId, listener, onShutdown) {
      let backlog: EventRecord[] = [];
      let gap = false;
      if (afterId !== undefined && afterId < lastId) {
        const oldest = ring[Math.max(0, ring.length - capacity)]?.id ?? lastId + 1;
        gap = afterId + 1 < oldest;
        backlog = ring.filter((event) => event.id > afterId && matches(filter, event)).slice(-capacity);
      }
      const entry = { filter, listener, onShutdown };
      listeners.add(entry);
      return { backlog, gap, close: () => listeners.delete(entry) };
    },
    subscriberCount: () => listeners.size,
    flush,
    shutdown() {
      for (const entry of [...listeners]) {
        listeners.delete(entry);
        entry.onShutdown?.();
      }
      flush();
    },
  };
}

function matches(filter: EventFilter, event: EventRecord): boolean {
  if (filter.organizationId !== undefined && event.organizationId !== filter.organizationId) return false;
  if (filter.plantIds.size > 0 && !filter.plantIds.has(event.plantId)) return false;
  return filter.types.size === 0 || filter.types.has(event.type);
}
