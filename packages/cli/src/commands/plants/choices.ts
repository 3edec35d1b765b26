/** The API's enumerations for plants, from the spec's generated contract, so the command registry can offer them cheaply. */

import { AUTH_METHOD_VALUES, type AuthMethod, PLANT_TYPE_VALUES, type PlantType } from "@voke/sdk";
import { choicesOf } from "../../flags/choices-of.ts";

export const PLANT_TYPES = choicesOf<PlantType>()(PLANT_TYPE_VALUES);
export const AUTH_METHODS = choicesOf<AuthMethod>()(AUTH_METHOD_VALUES);
