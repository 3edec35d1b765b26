/**
 * The caller's plants by serial number, read once before a bulk run so rows that already exist are
 * reported as such without a create call, and read again when a create meets a 409 for a serial
 * number not seen yet (another client created it meanwhile).
 */

export interface KnownPlant {
  id: string;
  serialNumber: string;
  /** PENDING: never provisioned, so it has no credentials yet. */
  lifecycleStatus?: string;
}

export interface KnownPlants {
  /** Reads every plant (call once before the run). */
  load(): Promise<void>;
  /** The plant with this serial number as last read. */
  get(serialNumber: string): KnownPlant | undefined;
  /**
   * The plant with this serial number, from a read that starts after this call (a read already
   * under way may have missed it). Conflicts arriving during one read share the next one.
   */
  lookup(serialNumber: string): Promise<KnownPlant | undefined>;
}

/** `createKnownPlants(() => client.plants.iterate({ limit: 100 }))`. */
export function createKnownPlants(listAll: () => AsyncIterable<KnownPlant>): KnownPlants {
  let bySerial = new Map<string, KnownPlant>();
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const read = async () => {
    const fresh = new Map<string, KnownPlant>();
    // Only what a row needs, so the map stays small however many plants the organization has.
    for await (const plant of listAll()) {
      const { id, serialNumber, lifecycleStatus } = plant;
      fresh.set(
        serialNumber,
        lifecycleStatus === undefined ? { id, serialNumber } : { id, serialNumber, lifecycleStatus },
      );
    }
    bySerial = fresh;
  };

  /** Resolves once a read that started no earlier than this call has finished. */
  const refresh = (): Promise<void> => {
    if (running === undefined) {
      running = read().finally(() => {
        running = undefined;
      });
      return running;
    }
    next ??= running
      .catch(() => {})
      .then(() => {
        next = undefined;
        return refresh();
      });
    return next;
  };

  return {
    load: refresh,
    get: (serialNumber) => bySerial.get(serialNumber),
    async lookup(serialNumber) {
      const known = bySerial.get(serialNumber);
      if (known) return known;
      await refresh();
      return bySerial.get(serialNumber);
    },
  };
}
