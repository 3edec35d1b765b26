/**
 * A Bloom filter over "plantId nonce" keys: "certainly not seen" without a query, "maybe seen" sends the
 * caller to the database. It lets the replay check skip its SQLite lookup for almost every message, while
 * a false "maybe" only costs the query it would have made anyway.
 */

export interface NonceFilter {
  add(key: string): void;
  /** False: the key was certainly never added. True: it may have been. */
  mightHave(key: string): boolean;
}

/** `bits` must be a power of two (default 2^23: 1 MiB, under 1% false "maybe" up to ~800,000 keys). */
export function createNonceFilter(bits = 1 << 23): NonceFilter {
  const words = new Uint32Array(bits >>> 5);
  const mask = bits - 1;
  // Three probes by double hashing two 32-bit FNV-1a variants.
  const probe = (key: string, each: (bit: number) => boolean): boolean => {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h2 |= 1;
    for (let i = 0; i < 3; i++) {
      if (!each((h1 + Math.imul(i, h2)) & mask)) return false;
    }
    return true;
  };
  return {
    add(key) {
      probe(key, (bit) => {
        words[bit >>> 5] = (words[bit >>> 5] as number) | (1 << (bit & 31));
        return true;
      });
    },
    mightHave: (key) => probe(key, (bit) => ((words[bit >>> 5] as number) & (1 << (bit & 31))) !== 0),
  };
}
