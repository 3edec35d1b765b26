import type { Command } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { ExitError } from "../../errors.ts";
import { createCommandLocator } from "./find-command.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `c0a80101-0000-4000-8000-${String(i).padStart(12, "0")}`);
const asCommand = (id: string) => ({ id, status: "SENT" }) as Command;

/** `commands.list` over `total` commands in pages of `limit`, recording the pages asked for. */
function pagedCommands(total: number) {
  const all = ids(total).map(asCommand);
  const pages: number[] = [];
  return {
    pages,
    list: async (plantId: string, query: { page?: number; limit?: number } = {}) => {
      expect(plantId).toBe(PLANT_ID);
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      pages.push(page);
      return {
        data: all.slice((page - 1) * limit, page * limit),
        meta: { page, limit, total, totalPages: Math.max(1, Math.ceil(total / limit)) },
      };
    },
  };
}

describe("createCommandLocator", () => {
  it("searches from the newest page back, then asks only the page where it found the command", async () => {
    const commands = pagedCommands(350);
    const target = ids(350)[220] as string;
    const locator = createCommandLocator(commands, PLANT_ID, target);
    expect((await locator.find()).id).toBe(target);
    expect(commands.pages).toEqual([1, 4, 3]);
    expect((await locator.find()).id).toBe(target);
    expect(commands.pages).toEqual([1, 4, 3, 3]);
  });

  it("finds a command on the only page with one request", async () => {
    const commands = pagedCommands(3);
    const target = ids(3)[2] as string;
    expect((await createCommandLocator(commands, PLANT_ID, target).find()).id).toBe(target);
    expect(commands.pages).toEqual([1]);
  });

  it("fails clearly when the command is not listed at all", async () => {
    const commands = pagedCommands(120);
    const missing = createCommandLocator(commands, PLANT_ID, "c0a80101-0000-4000-8000-999999999999").find();
    await expect(missing).rejects.toBeInstanceOf(ExitError);
    await expect(missing).rejects.toThrow(/not in the command list of plant/);
  });
});
