/**
 * Runs the demo the README tells a newcomer to run (`pnpm demo` is `pnpm build` and then
 * `node scripts/demo.ts`; `pnpm test` has just built, so only the second half runs here: rebuilding
 * dist/ while other test files run the built CLI would pull it from under them), and checks that
 * every step of the device loop happened, that it exits 0, and that it leaves nothing behind.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the demo runs the whole loop and exits 0", { timeout: 180_000 }, async () => {
  const child = spawn(process.execPath, ["scripts/demo.ts"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));

  // What `pnpm demo` runs after its build is exactly this script.
  const scripts = JSON.parse(readFileSync(`${root}package.json`, "utf8")).scripts;
  expect(scripts.demo).toMatch(/&& pnpm build && node scripts\/demo\.ts$/);
  expect(code, `demo failed\nstdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
  const steps = [
    /\$ echo "\$VOKE_TOKEN" \| voke login --api-url http:\/\/127\.0\.0\.1:\d+ --with-token/,
    /\$ voke templates list/,
    /\$ voke plants create --name 'Roof PV' --serial-number DEMO-MTLS-1 --type GATEWAY --auth-method MTLS/,
    /\$ voke plants create .*--auth-method PASSWORD/,
    /\$ voke provision download [0-9a-f-]{36} --file \S+voke-DEMO-MTLS-1\.json/,
    /\$ voke device simulate --package \S+ --interval 1s &/,
    /plant [0-9a-f-]{36} is ACTIVE and ONLINE/,
    /\$ voke commands send [0-9a-f-]{36} reboot .*--wait/,
    /SUCCEEDED/,
    /\$ voke alert-rules create --name 'Inverter hot'/,
    /alert: \[CRITICAL\] .*temperatureC/,
    /\$ voke plants energy [0-9a-f-]{36}/,
    /\$ voke plants cert-stats/,
    /\$ voke plants rotate-secret [0-9a-f-]{36} --secret-file/,
    /\$ voke plants suspend [0-9a-f-]{36}/,
    /plant [0-9a-f-]{36} is SUSPENDED and OFFLINE/,
    /\$ voke plants revoke [0-9a-f-]{36} --yes/,
    /DECOMMISSIONED/,
    /done in \d+\.\d s/,
  ];
  let from = 0;
  for (const step of steps) {
    const rest = stdout.slice(from);
    const match = step.exec(rest);
    expect(match, `missing (in order) ${step}\n--- output ---\n${stdout}`).not.toBeNull();
    from += (match?.index ?? 0) + (match?.[0].length ?? 0);
  }

  // The demo's secrets never reach its output.
  expect(stdout).not.toMatch(/BEGIN (EC )?PRIVATE KEY/);
  expect(stdout).not.toMatch(/voke_[A-Za-z0-9_-]{20,}/);
  // It removed its temporary directory.
  const dataDir = /data in (\S+)\)/.exec(stdout)?.[1];
  expect(dataDir).toBeDefined();
  expect(existsSync(dataDir as string)).toBe(false);
});
