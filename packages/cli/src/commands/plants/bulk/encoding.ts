/**
 * Strict decoding of bulk files: UTF-8 (a byte order mark is fine), nothing else. A UTF-16 file or
 * an invalid byte is refused with the line and column where it is, before any row is sent: guessing
 * would store mangled serial numbers (a Latin-1 `é` becomes U+FFFD and two serials collapse into one).
 */

import { UsageError } from "../../../errors.ts";

/** Checks bytes as they come; `end` fails on a sequence cut off by the end of the file. */
export class Utf8Check {
  readonly #fileName: string;
  #line = 1;
  #column = 1;
  #offset = 0;
  /** Continuation bytes still expected, and the range the next one must be in. */
  #needed = 0;
  #low = 0x80;
  #high = 0xbf;
  /** The first byte of the sequence under way: what a bad continuation is blamed on. */
  #lead = 0;

  constructor(fileName: string) {
    this.#fileName = fileName;
  }

  push(bytes: Uint8Array): void {
    if (this.#offset === 0 && bytes.length >= 2) {
      const bom = (bytes[0] as number) * 256 + (bytes[1] as number);
      if (bom === 0xfffe || bom === 0xfeff) {
        const order = bom === 0xfffe ? "little-endian, starts FF FE" : "big-endian, starts FE FF";
        throw new UsageError(
          `${this.#fileName} is UTF-16 (${order}): save it as UTF-8 and run again; nothing was sent`,
          { code: "INVALID_ENCODING" },
        );
      }
    }
    for (const byte of bytes) {
      this.#offset++;
      if (this.#needed > 0) {
        if (byte < this.#low || byte > this.#high) this.#invalid(this.#lead);
        this.#low = 0x80;
        this.#high = 0xbf;
        if (--this.#needed === 0) this.#column++;
        continue;
      }
      if (byte === 0x0a) {
        this.#line++;
        this.#column = 1;
      } else if (byte === 0x00) {
        throw new UsageError(
          `${this.#fileName}: a NUL byte at line ${this.#line}, column ${this.#column} (UTF-16 without a byte order mark?): ` +
            "save the file as UTF-8; nothing was sent",
          { code: "INVALID_ENCODING" },
        );
      } else if (byte < 0x80) this.#column++;
      else this.#lead = byte;
      if (byte < 0x80) continue;
      if (byte >= 0xc2 && byte <= 0xdf) this.#needed = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        this.#needed = 2;
        if (byte === 0xe0) this.#low = 0xa0;
        if (byte === 0xed) this.#high = 0x9f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.#needed = 3;
        if (byte === 0xf0) this.#low = 0x90;
        if (byte === 0xf4) this.#high = 0x8f;
      } else this.#invalid(byte);
    }
  }

  end(): void {
    if (this.#needed > 0) this.#invalid(undefined);
  }

  #invalid(byte: number | undefined): never {
    const what =
      byte === undefined
        ? "a character cut off by the end of the file"
        : `byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    throw new UsageError(
      `${this.#fileName}: invalid UTF-8 at line ${this.#line}, column ${this.#column} (${what}): ` +
        "save the file as UTF-8 (it looks like another encoding, such as Latin-1); nothing was sent",
      { code: "INVALID_ENCODING" },
    );
  }
}
