/**
 * Every command voke knows, in help order. Each noun keeps its entries in
 * `commands/<noun>/index.ts`; add a noun by spreading its array here.
 */

import type { RegistryEntry } from "../registry/define.ts";
import { authCommands } from "./auth/index.ts";
import { completionCommands } from "./completion/index.ts";
import { configCommands } from "./config/index.ts";

export const commandRegistry: readonly RegistryEntry[] = [
  ...authCommands,
  ...configCommands,
  ...completionCommands,
];
