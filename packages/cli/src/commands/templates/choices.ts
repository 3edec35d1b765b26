/** The template levels, from the spec's generated contract. */

import { TEMPLATE_LEVEL_VALUES, type TemplateLevel } from "@voke/sdk";
import { choicesOf } from "../../flags/choices-of.ts";

export const TEMPLATE_LEVELS = choicesOf<TemplateLevel>()(TEMPLATE_LEVEL_VALUES);
