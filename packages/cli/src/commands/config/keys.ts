/** The settings `voke config get` reads, apart from `settings.ts` so the registry can check them cheaply. */

export const readableSettings = ["api-url", "output", "profile", "token"] as const;
