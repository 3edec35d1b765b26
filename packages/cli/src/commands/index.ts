/**
 * Every command voke knows, in help order. Each noun keeps its entries in
 * `commands/<noun>/index.ts`; add a noun by spreading its array here.
 */

import type { RegistryEntry } from "../registry/define.ts";
import { alertRulesCommands } from "./alert-rules/index.ts";
import { apiCommands } from "./api/index.ts";
import { authCommands } from "./auth/index.ts";
import { commandsCommands } from "./commands/index.ts";
import { completionCommands } from "./completion/index.ts";
import { configCommands } from "./config/index.ts";
import { deviceCommands } from "./device/index.ts";
import { plantsCommands } from "./plants/index.ts";
import { provisionCommands } from "./provision/index.ts";
import { templatesCommands } from "./templates/index.ts";
import { tokensCommands } from "./tokens/index.ts";

export const commandRegistry: readonly RegistryEntry[] = [
  ...plantsCommands,
  ...provisionCommands,
  ...commandsCommands,
  ...alertRulesCommands,
  ...templatesCommands,
  ...tokensCommands,
  ...deviceCommands,
  ...authCommands,
  ...configCommands,
  ...completionCommands,
  ...apiCommands,
];
