/** Registry entries for `voke templates list`: find the ids of the server's read-only templates. */

import { commandInput, flag } from "../../flags/declare.ts";
import { defineCommand, defineGroup } from "../../registry/define.ts";
import { TEMPLATE_LEVELS } from "./choices.ts";

export const listInput = commandInput({
  flags: { level: flag.choice("level", TEMPLATE_LEVELS, "only templates of this level") },
});

export const templatesCommands = [
  defineGroup({
    noun: "templates",
    summary: "list the server's templates (to find a --template-id)",
  }),
  defineCommand({
    noun: "templates",
    verb: "list",
    aliases: ["ls"],
    summary: "list the read-only system templates",
    description:
      "List the templates the server ships (read-only), to find the id to pass as\n" +
      "`voke plants update ID --template-id ...`. Plants take templates of level PLANT.",
    examples: ["voke templates list", "voke templates list --level PLANT --fields id,name -o csv"],
    ...listInput,
    load: () => import("./list.ts"),
  }),
];
