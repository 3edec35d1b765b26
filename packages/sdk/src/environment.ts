/**
 * Reads an environment variable without tripping a runtime's permission system: in Deno without
 * `--allow-env`, in a browser or in a sandbox, a variable that may not be read counts as unset.
 */

export type Environment = Record<string, string | undefined>;

interface RuntimeGlobals {
  Deno?: {
    permissions?: { querySync?: (descriptor: { name: "env"; variable: string }) => { state: string } };
    env?: { get(name: string): string | undefined };
  };
  process?: { env?: Environment };
}

/**
 * The value of `name` in `env`, or in the runtime's environment when `env` is absent. Never throws and
 * never makes Deno prompt for a permission: without it the variable reads as unset.
 *
 * @example readEnvironmentVariable("VOKE_DEBUG") // "1", or undefined when unset or not readable
 */
export function readEnvironmentVariable(
  name: string,
  env?: Environment,
  g: RuntimeGlobals = globalThis as RuntimeGlobals,
): string | undefined {
  try {
    if (env !== undefined) return stringOrUndefined(env[name]);
    const deno = g.Deno;
    if (deno?.env) {
      // Asking first keeps Deno from prompting on a terminal or throwing NotCapable.
      if (deno.permissions?.querySync?.({ name: "env", variable: name }).state !== "granted")
        return undefined;
      return stringOrUndefined(deno.env.get(name));
    }
    return stringOrUndefined(g.process?.env?.[name]);
  } catch {
    // A host that forbids the read (a proxy that throws, a locked-down sandbox): treat it as unset.
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
