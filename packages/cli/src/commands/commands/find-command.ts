/**
 * Finds one command of a plant by id. The API lists a plant's commands oldest first and has no
 * "get one command", so the search starts at the newest page and remembers where it found it.
 */

import type { Command, CommandsResource } from "@voke/sdk";
import { ExitCode, ExitError } from "../../errors.ts";

const PAGE_SIZE = 100;

export interface CommandLocator {
  /** The command's current state. */
  find(): Promise<Command>;
}

export function createCommandLocator(
  commands: Pick<CommandsResource, "list">,
  plantId: string,
  commandId: string,
): CommandLocator {
  let knownPage: number | undefined;
  const search = async (page: number) => {
    const result = await commands.list(plantId, { page, limit: PAGE_SIZE });
    const found = result.data.find((command) => command.id === commandId);
    if (found) knownPage = page;
    return { found, totalPages: result.meta.totalPages };
  };

  return {
    async find() {
      if (knownPage !== undefined) {
        // Commands keep their order (createdAt, then id), so the page holding it stays the same.
        const { found } = await search(knownPage);
        if (found) return found;
      }
      const first = await search(1);
      if (first.found) return first.found;
      for (let page = first.totalPages; page > 1; page--) {
        const { found } = await search(page);
        if (found) return found;
      }
      throw new ExitError(
        ExitCode.error,
        `command ${commandId} is not in the command list of plant ${plantId}`,
        {
          code: "COMMAND_NOT_LISTED",
        },
      );
    },
  };
}
