/** The API's enumerations for plants, from the spec's generated contract, so the command registry can offer them cheaply. */

import {
  AUTH_METHOD_VALUES,
  type AuthMethod,
  EVENT_TYPE_VALUES,
  type EventType,
  PLANT_TYPE_VALUES,
  type PlantType,
  type TelemetryQuery,
} from "@voke/sdk";
import { choicesOf } from "../../flags/choices-of.ts";

export const PLANT_TYPES = choicesOf<PlantType>()(PLANT_TYPE_VALUES);
export const AUTH_METHODS = choicesOf<AuthMethod>()(AUTH_METHOD_VALUES);
export const EVENT_TYPES = choicesOf<EventType>()(EVENT_TYPE_VALUES);
/** `--resolution` of `plants telemetry`: an inline enum of the spec's query, so listed here and checked. */
export const RESOLUTIONS = choicesOf<NonNullable<TelemetryQuery["resolution"]>>()([
  "1m",
  "5m",
  "15m",
  "1h",
  "1d",
]);
