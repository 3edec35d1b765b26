/**
 * What the text of a flag or argument may be, as small parse functions: each returns the value or
 * throws `InvalidValue` with a reason written for `error: invalid value for --limit: <reason>`.
 * Plain functions, no schema library: the registry holds them and start-up stays cheap.
 */

/** Turns a flag's text into its value; throws `InvalidValue`. */
export type Check<T> = (text: string) => T;

/** Why a flag's text is refused: `must be a UUID`. */
export class InvalidValue extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID (the API's ids): a typo fails here, before any request. */
export function uuid(text: string): string {
  if (!UUID.test(text)) throw new InvalidValue("must be a UUID");
  return text;
}

/** One of `choices`, as listed. */
export function oneOf<const C extends readonly string[]>(choices: C): Check<C[number]> {
  return (text) => {
    if (!choices.includes(text)) throw new InvalidValue(`must be one of ${choices.join(", ")}`);
    return text;
  };
}

/** Text of `minLength` to `maxLength` characters (an API field's limits); `hint` ends the message. */
export function length(
  limits: { readonly minLength: number; readonly maxLength: number },
  hint = "",
): Check<string> {
  const { minLength, maxLength } = limits;
  return (text) => {
    if (text.length < minLength)
      throw new InvalidValue(
        minLength === 1 ? `must not be empty${hint}` : `must be at least ${minLength} characters${hint}`,
      );
    if (text.length > maxLength) throw new InvalidValue(`must be at most ${maxLength} characters${hint}`);
    return text;
  };
}

/** Not empty; `what` says what it must name: `nonEmpty("must name a file")`. */
export function nonEmpty(message = "must not be empty"): Check<string> {
  return (text) => {
    if (text === "") throw new InvalidValue(message);
    return text;
  };
}

/** Text matching `pattern`, else `message`. */
export function matching(pattern: RegExp, message: string): Check<string> {
  return (text) => {
    if (!pattern.test(text)) throw new InvalidValue(message);
    return text;
  };
}

/** Text that `accepts`, else `message` (`accepted(isLifetime, "must be a lifetime like 90d")`). */
export function accepted(accepts: (text: string) => boolean, message: string): Check<string> {
  return (text) => {
    if (!accepts(text)) throw new InvalidValue(message);
    return text;
  };
}

/** A whole number from `min` to `max`: `int(1, 100)`. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return (text) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isInteger(value) || value < min || value > max)
      throw new InvalidValue(`must be a whole number ${range}`);
    return value;
  };
}

/** A finite number (`--threshold -5.5`); an empty text is not zero. */
export function finite(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value))
    throw new InvalidValue("must be a number, e.g. 20 or -5.5");
  return value;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `500ms`, `30s`, `5m`, `1h` or bare seconds (`30`) into milliseconds; undefined if invalid. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "s") as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** A duration (`--timeout 30s`) in milliseconds, at least `minMs`. */
export function duration(minMs = 1): Check<number> {
  return (text) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) throw new InvalidValue("must be a duration like 30s, 5m or 500ms");
    if (ms < minMs) throw new InvalidValue(`must be at least ${minMs}ms`);
    return ms;
  };
}

/** A JSON object (`--metadata '{"site":"north"}'`). */
export function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new InvalidValue('must be a JSON object, e.g. \'{"site":"north"}\'');
}

/** The literal `null` clears a field (`--template-id null`); anything else must pass `inner`. */
export function orNull<T>(inner: Check<T>): Check<T | null> {
  return (text) => (text === "null" ? null : inner(text));
}

const TRUE = ["true", "yes", "on", "1"];
const FALSE = ["false", "no", "off", "0"];

/** `true`/`yes`/`on`/`1` or `false`/`no`/`off`/`0`, any case. */
export function yesNo(text: string): boolean {
  const word = text.toLowerCase();
  if (TRUE.includes(word)) return true;
  if (FALSE.includes(word)) return false;
  throw new InvalidValue("must be true or false");
}
