/** Runs work over a stream of items with at most N in flight: how bulk rows reach the API. */

/**
 * Calls `work(item)` for the items of `items` (read only as fast as work finishes, so a long input is
 * never held in memory), at most `concurrency` at a time, and resolves when all are done or
 * `stopped()` says to take no more. `work` should not throw (bulk rows turn failures into results);
 * if it does, no further item is taken and the first error rejects once the tasks already running
 * have settled.
 */
export async function runPool<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  let exhausted = false;
  // One reader at a time: an async iterator must not be asked for its next item concurrently.
  let reading: Promise<unknown> = Promise.resolve();
  const take = (): Promise<IteratorResult<T>> => {
    const next = reading.then(() => iterator.next());
    reading = next.catch(() => {});
    return next;
  };
  const worker = async () => {
    while (failure === undefined && !exhausted && !stopped()) {
      let next: IteratorResult<T>;
      try {
        next = await take();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done) {
        exhausted = true;
        return;
      }
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (!exhausted) await iterator.return?.();
  if (failure) throw failure.error;
}
