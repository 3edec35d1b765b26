/** A minimal typed event hub: listeners per event name, a listener's exception never stops the others. */

export type Listener<T> = (event: T) => void;

export interface Listeners<Events> {
  /** Adds a listener; the returned function removes it. */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
  count(event: keyof Events): number;
}

/** @param onListenerError where an exception thrown by a listener goes (it must not break the connection). */
export function createListeners<Events>(onListenerError: (error: unknown) => void): Listeners<Events> {
  const table = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(event, listener) {
      let set = table.get(event);
      if (set === undefined) {
        set = new Set();
        table.set(event, set);
      }
      set.add(listener as Listener<never>);
      return () => {
        set.delete(listener as Listener<never>);
      };
    },
    emit(event, payload) {
      for (const listener of [...(table.get(event) ?? [])]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    count(event) {
      return table.get(event)?.size ?? 0;
    },
  };
}
