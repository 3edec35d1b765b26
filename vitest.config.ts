import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources (the "@voke/source" export condition),
// so tests never run against a stale dist/.
const conditions = ["@voke/source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@voke/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "scripts/**/*.test.ts"],
    // Each run's temporary files live in a directory of its own, removed at the end.
    // Then the voke bundle the end-to-end tests run is built once, from the sources.
    globalSetup: ["scripts/test-support/private-tmpdir.ts", "scripts/test-support/cli-bundle.ts"],
    // Most end-to-end files wait on sockets, child processes and deadlines rather than compute, so two
    // files per core keep the cores busy (on 2 cores: ~80 s instead of ~175 s with one worker per core).
    maxWorkers: Math.min(8, 2 * availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["packages/*/src/**/*.test-d.ts"],
      tsconfig: "packages/sdk/tsconfig.json",
    },
  },
});
