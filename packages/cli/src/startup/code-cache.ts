/**
 * Runs a CommonJS bundle through V8's code cache. Node's own compile cache holds only what V8
 * compiles up front; this one is written after a run, so it also holds every function that run
 * compiled on first call, and later starts skip compiling them (~10 ms of `voke plants list`).
 */

import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

export interface CachedScriptParams {
  /**
   * Absolute path of the CommonJS bundle, written as the function Node wraps a module in (see
   * `asModuleFunction`). Its name should change with its contents (a content hash).
   */
  file: string;
  /** Directory for the cache (created with mode 0700); undefined runs the bundle without one. */
  cacheDir: string | undefined;
  /** The command this run executes (`plants list`): the cache is rewritten once for each new one. */
  command: string;
}

export interface CachedScript {
  /** The bundle's `module.exports`. */
  exports: unknown;
  /** Whether V8 ran the bundle from a cache it accepted. */
  cacheUsed: boolean;
  /**
   * Call after the run: writes the cache when there was none, V8 refused it, or it lacks this run's
   * command. Never throws: without a cache, voke is only slower.
   */
  save(): void;
}

/** The header line of a cache file; V8's data follows it. */
interface CacheHeader {
  /** The bundle the data was made from, so an edited bundle never runs with stale code. */
  source: { size: number; mtimeMs: number };
  /** Commands whose code the data already holds. */
  commands: string[];
}

/** A cache stops growing after this many commands: the common ones are in by then. */
const MAX_COMMANDS = 32;
/** The first and last lines of a bundle `runCachedScript` runs. */
export const MODULE_FUNCTION_HEAD = "(function (exports, require, module, __filename, __dirname) {";
export const MODULE_FUNCTION_TAIL = "})";

/**
 * A CommonJS module's code as the function expression Node wraps it in. The bundle is written so on
 * disk, and V8 compiles the file's text as read: wrapping it at start-up would build a second copy of
 * the whole source (250 KB of young heap, and a scavenge sooner).
 */
export function asModuleFunction(code: string): string {
  return `${MODULE_FUNCTION_HEAD}\n${code}\n${MODULE_FUNCTION_TAIL}\n`;
}

/** Loads and runs `file` as a CommonJS module, with the cache in `cacheDir` when it is usable. */
export function runCachedScript(params: CachedScriptParams): CachedScript {
  const { file, command } = params;
  const descriptor = openSync(file, "r");
  let source: string;
  let stats: { size: number; mtimeMs: number };
  try {
    const { size, mtimeMs } = fstatSync(descriptor);
    stats = { size, mtimeMs };
    source = readFileSync(descriptor, "utf8");
  } finally {
    closeSync(descriptor);
  }
  const cacheFile =
    params.cacheDir && join(params.cacheDir, `${basename(file)}-${process.version}-${process.arch}.cache`);
  const cached = cacheFile ? readCache(cacheFile, stats) : undefined;
  const script = new Script(source, {
    filename: file,
    ...(cached ? { cachedData: cached.data } : {}),
  });
  const module = { exports: {} as unknown };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const cacheUsed = cached !== undefined && !script.cachedDataRejected;

  return {
    exports: module.exports,
    cacheUsed,
    save() {
      if (!cacheFile || !params.cacheDir) return;
      const commands = cacheUsed ? (cached?.header.commands ?? []) : [];
      if (cacheUsed && (commands.includes(command) || commands.length >= MAX_COMMANDS)) return;
      const header: CacheHeader = { source: stats, commands: [...commands, command] };
      writeCache(params.cacheDir, cacheFile, header, script.createCachedData());
    },
  };
}

/**
 * Whether a cache path may be trusted: owned by this user and writable by no one else, so no other
 * account can plant code for voke to run. (Windows has no such bits; its profile directories are private.)
 */
function isPrivate(path: string): boolean {
  if (process.platform === "win32" || typeof process.getuid !== "function") return true;
  const stats = statSync(path);
  return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
}

function readCache(
  cacheFile: string,
  source: CacheHeader["source"],
): { header: CacheHeader; data: Buffer } | undefined {
  try {
    if (!isPrivate(dirname(cacheFile)) || !isPrivate(cacheFile)) return undefined;
    const contents = readFileSync(cacheFile);
    const end = contents.indexOf(0x0a);
    const header = JSON.parse(contents.subarray(0, end).toString("utf8")) as CacheHeader;
    if (header.source?.size !== source.size || header.source.mtimeMs !== source.mtimeMs) return undefined;
    if (!Array.isArray(header.commands)) return undefined;
    return { header, data: contents.subarray(end + 1) };
  } catch {
    return undefined; // no cache yet, or one that cannot be read: run without it
  }
}

function writeCache(dir: string, cacheFile: string, header: CacheHeader, data: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(dir)) return;
    // A new file of our own (wx), then renamed over the old one: readers see one cache or the other.
    const descriptor = openSync(temporary, "wx", 0o600);
    try {
      writeSync(descriptor, `${JSON.stringify(header)}\n`);
      writeSync(descriptor, data);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, cacheFile);
    removeStaleCaches(dir, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** Caches are not rewritten while they serve; one untouched this long belongs to a bundle gone since. */
const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** Deletes the caches of other bundles (earlier voke versions) not written for STALE_AFTER_MS. */
function removeStaleCaches(dir: string, kept: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === kept || !name.endsWith(".cache")) continue;
    if (now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
  }
}
