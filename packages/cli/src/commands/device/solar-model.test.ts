import { describe, expect, it } from "vitest";
import { createSolarPlant } from "./solar-model.ts";

const fixed = (value: number) => () => value;

describe("createSolarPlant", () => {
  it("produces at midday, and its meter registers only ever grow", () => {
    const plant = createSolarPlant({ startHour: 11, minutesPerSecond: 0, random: fixed(0.5) });
    const samples = Array.from({ length: 120 }, () => plant.step(5000));
    const first = samples[0] as Record<string, number>;
    expect(first.powerKw).toBeGreaterThan(4);
    expect(first.powerKw).toBeLessThanOrEqual(6.5);
    for (const register of ["producedKwh", "importedKwh", "exportedKwh"]) {
      const values = samples.map((sample) => sample[register] as number);
      for (let i = 1; i < values.length; i++)
        expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
    }
    const last = samples.at(-1) as Record<string, number>;
    expect(last.producedKwh).toBeGreaterThan(first.producedKwh as number);
    // 10 minutes at 5.65 kW (sun at 11:00, half the cloud loss): 0.94 kWh produced.
    expect(last.producedKwh).toBeCloseTo(0.94, 2);
  });

  it("produces nothing at night and imports what the battery cannot cover", () => {
    const plant = createSolarPlant({ startHour: 23, minutesPerSecond: 0, random: fixed(0.5) });
    let sample = plant.step(1000);
    expect(sample.powerKw).toBe(0);
    for (let i = 0; i < 2000; i++) sample = plant.step(60_000);
    expect(sample.producedKwh).toBe(0);
    expect(sample.soc).toBeGreaterThanOrEqual(9.9);
    expect(sample.importedKwh).toBeGreaterThan(0);
    expect(sample.exportedKwh).toBe(0);
  });

  it("keeps the state of charge between 0 and 100 and the temperature plausible", () => {
    const plant = createSolarPlant({ startHour: 6, minutesPerSecond: 60, random: Math.random });
    for (let i = 0; i < 500; i++) {
      const sample = plant.step(5000);
      expect(sample.soc).toBeGreaterThanOrEqual(0);
      expect(sample.soc).toBeLessThanOrEqual(100);
      expect(sample.temperatureC).toBeGreaterThan(10);
      expect(sample.temperatureC).toBeLessThan(40);
    }
  });

  it("reports its status fields", () => {
    expect(createSolarPlant({ peakKw: 8, capacityKwh: 12 }).status()).toEqual({
      esiState: "PLC_READY",
      capacityKwh: 12,
      fvePeakPowerKwp: 8,
      plantWithLoad: true,
      configEnabled: true,
    });
  });
});
