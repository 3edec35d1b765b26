/**
 * The nonces plants used within the replay window, in memory: the replay check answers from here, never from a
 * query, so the database only appends each nonce (an index over random nonces cost more per message than the
 * rest of the message's writes together). Read back from the database at start, so a restart forgets nothing.
 *
 * Each "plantId nonce" key is kept as a 96-bit hash (three 32-bit lanes, seeded per process) and the time it was
 * seen, 16 bytes per slot, in one open-addressing table per minute of arrival (between 3/8 and 3/4 full, so about
 * 30 bytes per message); a minute leaves as a whole once all of it is older than the window, so the memory is
 * that of the messages of the last 10-11 minutes. A replay always matches (same key, same hash). A fresh nonce is
 * taken for a replay only if its 96-bit hash equals one of the window's: about n / 2^96 per message for n held.
 */

export interface NonceWindow {
  /** Whether `key` was added at or after `since` (ms since the epoch) and not forgotten since. */
  has(key: string, since: number): boolean;
  /** Holds `key` as seen at `at` (ms since the epoch). */
  add(key: string, at: number): void;
  /** `has(key, since)`, and when false `add(key, at)`, hashing the key once; true when it was already held. */
  check(key: string, since: number, at: number): boolean;
  /** Takes back a key added at `at` whose write was rolled back, so the message may be sent again. */
  forget(key: string, at: number): void;
  /** Drops the minutes entirely before `before`. */
  dropBefore(before: number): void;
  /** How many keys are held (forgotten ones included until their minute leaves). */
  readonly size: number;
}

const MINUTE_MS = 60_000;
const FORGOTTEN = 0xffffffff;

/**
 * @example
 * const seen = createNonceWindow();
 * seen.add(`${plantId} ${nonce}`, Date.now());
 * seen.has(`${plantId} ${nonce}`, Date.now() - REPLAY_WINDOW_MS); // true
 */
export function createNonceWindow(seeds: readonly [number, number, number] = randomSeeds()): NonceWindow {
  const minutes = new Map<number, MinuteTable>();
  const hash = createKeyHash(seeds);
  let size = 0;
  // Both read the lanes of the key hashed last.
  const held = (since: number) => {
    for (const [minute, table] of minutes) {
      if ((minute + 1) * MINUTE_MS <= since) continue;
      if (table.seenSince(since - minute * MINUTE_MS)) return true;
    }
    return false;
  };
  const hold = (at: number) => {
    const minute = Math.floor(at / MINUTE_MS);
    let table = minutes.get(minute);
    if (!table) {
      table = new MinuteTable();
      minutes.set(minute, table);
    }
    size += table.add(at - minute * MINUTE_MS);
  };
  return {
    has(key, since) {
      hash(key);
      return held(since);
    },
    add(key, at) {
      hash(key);
      hold(at);
    },
    check(key, since, at) {
      hash(key);
      if (held(since)) return true;
      hold(at);
      return false;
    },
    forget(key, at) {
      const minute = Math.floor(at / MINUTE_MS);
      hash(key);
      minutes.get(minute)?.forget(at - minute * MINUTE_MS);
    },
    dropBefore(before) {
      for (const [minute, table] of minutes) {
        if ((minute + 1) * MINUTE_MS <= before) {
          size -= table.size;
          minutes.delete(minute);
        }
      }
    },
    get size() {
      return size;
    },
  };
}

// The lanes of the last key hashed: `hash(key)` sets them, the table methods read them (no allocation per call).
let h1 = 0;
let h2 = 0;
let h3 = 0;

/** Three seeded 32-bit lanes over the key's UTF-16 code units, each finished with murmur3's avalanche. */
function createKeyHash([s1, s2, s3]: readonly [number, number, number]): (key: string) => void {
  return (key) => {
    let a = s1;
    let b = s2;
    let c = s3;
    for (let i = 0; i < key.length; i++) {
      const k = key.charCodeAt(i);
      a = Math.imul(a ^ k, 0x01000193);
      b = Math.imul(b ^ k, 0x5bd1e995);
      c = Math.imul((c << 5) | (c >>> 27), 0x9e3779b1) ^ k;
    }
    h1 = finish(a ^ key.length);
    h2 = finish(b);
    // Never all zero: an empty slot is marked by lanes 0, 0.
    h3 = (finish(c) | 1) >>> 0;
  };
}

function finish(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** One minute of keys: linear probing over parallel typed arrays, doubled at three quarters full. */
class MinuteTable {
  size = 0;
  private mask = 1023;
  private lane1 = new Uint32Array(1024);
  private lane2 = new Uint32Array(1024);
  private lane3 = new Uint32Array(1024);
  /** ms into the minute the key was seen; FORGOTTEN once taken back. */
  private offset = new Uint32Array(1024);

  /** Whether the current key is held with an offset ≥ `since` (which may be negative: all of the minute). */
  seenSince(since: number): boolean {
    const slot = this.find();
    if (slot < 0) return false;
    const at = this.offset[slot] as number;
    return at !== FORGOTTEN && at >= since;
  }

  /** Holds the current key at `at`; returns 1 when it took a new slot, 0 when the key was there already. */
  add(at: number): number {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    let slot = h1 & this.mask;
    while (this.lane3[slot] !== 0) {
      if (this.lane1[slot] === h1 && this.lane2[slot] === h2 && this.lane3[slot] === h3) {
        this.offset[slot] = at;
        return 0;
      }
      slot = (slot + 1) & this.mask;
    }
    this.lane1[slot] = h1;
    this.lane2[slot] = h2;
    this.lane3[slot] = h3;
    this.offset[slot] = at;
    this.size += 1;
    return 1;
  }

  forget(at: number): void {
    const slot = this.find();
    if (slot >= 0 && this.offset[slot] === at) this.offset[slot] = FORGOTTEN;
  }

  private find(): number {
    let slot = h1 & this.mask;
    while (this.lane3[slot] !== 0) {
      if (this.lane1[slot] === h1 && this.lane2[slot] === h2 && this.lane3[slot] === h3) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private grow(): void {
    const { lane1, lane2, lane3, offset } = this;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.lane1 = new Uint32Array(capacity);
    this.lane2 = new Uint32Array(capacity);
    this.lane3 = new Uint32Array(capacity);
    this.offset = new Uint32Array(capacity);
    for (let old = 0; old < lane3.length; old++) {
      if (lane3[old] === 0) continue;
      let slot = (lane1[old] as number) & this.mask;
      while (this.lane3[slot] !== 0) slot = (slot + 1) & this.mask;
      this.lane1[slot] = lane1[old] as number;
      this.lane2[slot] = lane2[old] as number;
      this.lane3[slot] = lane3[old] as number;
      this.offset[slot] = offset[old] as number;
    }
  }
}

function randomSeeds(): [number, number, number] {
  const seeds = crypto.getRandomValues(new Uint32Array(3));
  return [seeds[0] as number, seeds[1] as number, seeds[2] as number];
}
