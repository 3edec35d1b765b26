/** Help topics beyond the commands: `voke help exit-codes`, `voke help environment`. */

import { exitCodeMeanings } from "../errors.ts";

export const helpTopics = {
  "exit-codes": {
    summary: "what each exit status means",
    text: () =>
      [
        "Exit codes of voke (stable; scripts may rely on them):",
        "",
        ...exitCodeMeanings.map(([code, meaning]) => `  ${code}  ${meaning}`),
        "",
        "Errors are one line on stderr: `error: CODE: message (request id ...)`.",
        "With -o json or -o ndjson they are a JSON object on stderr instead:",
        '  {"error":{"code":"PLANT_NOT_FOUND","message":"...","status":404,"requestId":"...","details":null}}',
        "",
      ].join("\n"),
  },
  environment: {
    summary: "environment variables voke reads",
    text: () =>
      [
        "Environment variables (a flag beats the environment, which beats the profile):",
        "",
        "  VOKE_API_URL      API base URL (default http://127.0.0.1:8080); flag --api-url (or --url)",
        "  VOKE_TOKEN        API token; overrides the token stored by `voke login`",
        '  VOKE_PROFILE      profile to use (default "default"); flag --profile',
        "  VOKE_OUTPUT       default output format: table, json, ndjson or csv; flag -o",
        "  VOKE_CONFIG_DIR   directory of config.json (default ~/.config/voke)",
        "  VOKE_DEBUG        1 prints HTTP traces on stderr, secrets redacted; flag --debug",
        "  NO_COLOR          any non-empty value turns colour off; flag --no-color",
        "  FORCE_COLOR       1, 2 or 3 turns colour on even when piped; 0 turns it off",
        "  CI                no spinners, progress bars or prompts (destructive verbs need --yes)",
        "  COLUMNS           table width when the terminal does not say (tables fit the terminal)",
        "  HTTPS_PROXY, NO_PROXY    proxy for API requests",
        "  NODE_EXTRA_CA_CERTS      extra CA certificates to trust (PEM file)",
        "",
        "`voke auth status` shows which source each setting came from.",
        "",
      ].join("\n"),
  },
} as const satisfies Record<string, { summary: string; text: () => string }>;

export type HelpTopic = keyof typeof helpTopics;

export function isHelpTopic(name: string): name is HelpTopic {
  return Object.hasOwn(helpTopics, name);
}
