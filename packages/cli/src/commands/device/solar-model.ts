/**
 * A plausible solar plant with a battery, for `voke device simulate`: PV output follows the sun over a
 * compressed day, the house load wanders, the battery absorbs the difference, and the meter registers
 * (producedKwh, importedKwh, exportedKwh) only ever grow.
 */

import type { StatusFields, TelemetryMetrics } from "@voke/device";

export interface SolarPlantOptions {
  /** PV peak power in kWp (default 6.5). */
  peakKw?: number;
  /** Battery capacity in kWh (default 10). */
  capacityKwh?: number;
  /** Simulated hour of day at the start, 0-24 (default 9). */
  startHour?: number;
  /** Simulated minutes per real second (default 1: a whole day in 24 minutes). */
  minutesPerSecond?: number;
  /** Uniform [0, 1) (default Math.random); a fixed source makes the output repeatable. */
  random?: () => number;
}

export interface SolarPlant {
  /** Advances the plant by `elapsedMs` of real time and returns the metrics to publish. */
  step(elapsedMs: number): TelemetryMetrics;
  /** The fields the plant reports about itself once at start. */
  status(): StatusFields;
}

const MAX_BATTERY_KW = 3;
const MIN_SOC = 10;

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export function createSolarPlant(options: SolarPlantOptions = {}): SolarPlant {
  const peakKw = options.peakKw ?? 6.5;
  const capacityKwh = options.capacityKwh ?? 10;
  const minutesPerSecond = options.minutesPerSecond ?? 1;
  const random = options.random ?? Math.random;
  let hour = options.startHour ?? 9;
  let loadKw = 0.8;
  let soc = 55;
  let produced = 0;
  let imported = 0;
  let exported = 0;

  return {
    step(elapsedMs) {
      const hours = elapsedMs / 3_600_000;
      hour = (hour + (elapsedMs / 1000) * (minutesPerSecond / 60)) % 24;
      // Daylight from 06:00 to 18:00, highest at noon; passing clouds take up to a fifth off.
      const sun = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 12));
      const pvKw = peakKw * sun * (0.8 + 0.2 * random());
      loadKw = Math.min(2.5, Math.max(0.3, loadKw + (random() - 0.5) * 0.2));

      // The battery takes the surplus or covers the shortfall within its power and charge limits.
      const surplusKw = pvKw - loadKw;
      const roomKw = (((100 - soc) / 100) * capacityKwh) / Math.max(hours, 1e-9);
      const availableKw = (((soc - MIN_SOC) / 100) * capacityKwh) / Math.max(hours, 1e-9);
      const batteryKw =
        surplusKw >= 0
          ? Math.min(surplusKw, MAX_BATTERY_KW, roomKw)
          : -Math.min(-surplusKw, MAX_BATTERY_KW, Math.max(0, availableKw));
      const gridKw = surplusKw - batteryKw; // > 0 exported, < 0 imported
      soc = Math.min(100, Math.max(0, soc + ((batteryKw * hours) / capacityKwh) * 100));
      produced += pvKw * hours;
      if (gridKw > 0) exported += gridKw * hours;
      else imported += -gridKw * hours;

      return {
        producedKwh: round(produced, 4),
        importedKwh: round(imported, 4),
        exportedKwh: round(exported, 4),
        powerKw: round(pvKw),
        loadKw: round(loadKw),
        batteryKw: round(batteryKw),
        soc: round(soc, 1),
        temperatureC: round(18 + 17 * sun + (random() - 0.5) * 2, 1),
      };
    },
    status() {
      return {
        esiState: "PLC_READY",
        capacityKwh,
        fvePeakPowerKwp: peakKw,
        plantWithLoad: true,
        configEnabled: true,
      };
    },
  };
}
