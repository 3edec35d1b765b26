import { describe, expect, it } from "vitest";
import { createKnownPlants, type KnownPlant } from "./known-plants.ts";

/** A plant list whose reads can be held open, to see which read a lookup waits for. */
function source(initial: KnownPlant[]) {
  const plants = [...initial];
  const held: (() => void)[] = [];
  let reads = 0;
  let holding = false;
  return {
    plants,
    reads: () => reads,
    hold(on: boolean) {
      holding = on;
    },
    releaseAll() {
      for (const release of held.splice(0)) release();
    },
    async *listAll() {
      reads++;
      const snapshot = [...plants];
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      yield* snapshot;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("known plants", () => {
  it("answers from one read of the list", async () => {
    const list = source([{ id: "p1", serialNumber: "SN-1" }]);
    const known = createKnownPlants(list.listAll);
    await known.load();
    expect(known.get("SN-1")).toEqual({ id: "p1", serialNumber: "SN-1" });
    expect(known.get("SN-2")).toBeUndefined();
    expect(await known.lookup("SN-1")).toEqual({ id: "p1", serialNumber: "SN-1" });
    expect(list.reads()).toBe(1);
  });

  it("reads again for a serial number it does not know", async () => {
    const list = source([]);
    const known = createKnownPlants(list.listAll);
    await known.load();
    list.plants.push({ id: "p9", serialNumber: "SN-9" });
    expect(await known.lookup("SN-9")).toEqual({ id: "p9", serialNumber: "SN-9" });
    expect(await known.lookup("SN-missing")).toBeUndefined();
    expect(list.reads()).toBe(3);
  });

  it("does not trust a read already under way, and lets conflicts during it share the next read", async () => {
    const list = source([]);
    const known = createKnownPlants(list.listAll);
    await known.load();
    list.hold(true);
    const first = known.lookup("SN-1"); // starts read 2, which sees no SN-1 or SN-2
    await tick();
    list.hold(false);
    list.plants.push({ id: "p1", serialNumber: "SN-1" }, { id: "p2", serialNumber: "SN-2" });
    const second = known.lookup("SN-2"); // read 2 began before this conflict: waits for read 3
    const third = known.lookup("SN-1");
    list.releaseAll();
    expect(await first).toBeUndefined();
    expect(await second).toEqual({ id: "p2", serialNumber: "SN-2" });
    expect(await third).toEqual({ id: "p1", serialNumber: "SN-1" });
    expect(list.reads()).toBe(3);
  });
});
