/** Runs work over a list with at most N tasks in flight: how bulk rows reach the API. */

/**
 * Calls `work(item)` for every item, at most `concurrency` at a time, and resolves when all are done.
 * `work` should not throw (bulk rows turn failures into results); if it does, the first error
 * rejects once the tasks already running have settled.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  if (failure) throw failure.error;
}
