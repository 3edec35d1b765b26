/**
 * Reports a lifecycle action (delete, suspend, reactivate, revoke): a `✓` line on stderr for a person
 * at a table, `{plantId, message}` through the printer for scripts (`-o json|ndjson|csv`).
 */

import type { MessageResponse } from "@voke/sdk";
import type { CommandDeps } from "../../factory.ts";

export async function reportAction(
  deps: CommandDeps,
  plantId: string,
  reply: MessageResponse,
): Promise<void> {
  if (deps.printer.format === "table") {
    deps.io.success(`${reply.message} (${plantId})`);
    return;
  }
  await deps.printer.item({ plantId, message: reply.message });
}
