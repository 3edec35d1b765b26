/**
 * vitest global setup: builds the `voke` bundle once per run, from the sources, for every end-to-end
 * test that runs it as a user would (VOKE_TEST_CLI_ENTRY); each building its own cost ten builds.
 * Tests that inspect a build (bundle.test.ts, pack.test.ts) still make their own.
 */

import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli } from "../../packages/cli/scripts/build.ts";

export default async function setup(): Promise<void> {
  const { entry } = await buildCli({ outdir: join(tmpdir(), "voke-test-bundle") });
  process.env.VOKE_TEST_CLI_ENTRY = entry;
}
