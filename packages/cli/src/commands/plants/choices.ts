/** The API's enumerations for plants, without zod, so the command registry can offer them cheaply. */

export const PLANT_TYPES = ["SENSOR", "ACTUATOR", "GATEWAY", "CONTROLLER"] as const;
export const AUTH_METHODS = ["MTLS", "TOKEN", "PASSWORD"] as const;
