/**
 * The first row of each serial number in a bulk file, in a few bytes per row: a 53-bit hash of the
 * serial and the row number in typed arrays (open addressing), instead of a Map holding every serial
 * string, so a 100,000-row file costs about 2 MiB here and the reader's memory stays flat. Two
 * different serials share a hash with a chance of about n²/2⁵⁴ (5·10⁻⁷ for 100,000 rows); the server
 * still refuses a real duplicate (409), so a collision at worst reports a row as repeating.
 */

/** cyrb53: a fast 53-bit string hash (public domain, by bryc). Never 0, which marks an empty slot. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

export class SerialIndex {
  #hashes = new Float64Array(1024);
  #rows = new Uint32Array(1024);
  #size = 0;

  /** The row `serial` first appeared on, or undefined after recording `row` as its first. */
  firstRowOf(serial: string, row: number): number | undefined {
    if ((this.#size + 1) * 2 > this.#hashes.length) this.#grow();
    const hash = hash53(serial);
    const mask = this.#hashes.length - 1;
    for (let slot = hash % this.#hashes.length; ; slot = (slot + 1) & mask) {
      const held = this.#hashes[slot];
      if (held === hash) return this.#rows[slot];
      if (held === 0) {
        this.#hashes[slot] = hash;
        this.#rows[slot] = row;
        this.#size++;
        return undefined;
      }
    }
  }

  #grow(): void {
    const [hashes, rows] = [this.#hashes, this.#rows];
    this.#hashes = new Float64Array(hashes.length * 2);
    this.#rows = new Uint32Array(rows.length * 2);
    const mask = this.#hashes.length - 1;
    for (let at = 0; at < hashes.length; at++) {
      const hash = hashes[at] as number;
      if (hash === 0) continue;
      let slot = hash % this.#hashes.length;
      while (this.#hashes[slot] !== 0) slot = (slot + 1) & mask;
      this.#hashes[slot] = hash;
      this.#rows[slot] = rows[at] as number;
    }
  }
}
