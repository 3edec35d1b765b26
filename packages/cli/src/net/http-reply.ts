/**
 * A reply read from `node:http` dressed as much of a fetch `Response` as the SDK uses: status, ok,
 * headers, and a body read once as text, JSON or bytes (or again through `clone()`).
 */

import type { IncomingHttpHeaders } from "node:http";

/** The reading side of `Headers` over Node's lower-cased header object; iteration is sorted by name. */
export class ReplyHeaders {
  readonly #fields: IncomingHttpHeaders;

  constructor(fields: IncomingHttpHeaders) {
    this.#fields = fields;
  }

  /** The value, repeated fields joined with ", " as `Headers.get` does; null when absent. */
  get(name: string): string | null {
    const value = this.#fields[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.#fields[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.#fields["set-cookie"];
    return value === undefined ? [] : [...value];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#fields).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: ReplyHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface ReplyInit {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The final URL, after redirects. */
  url: string;
  redirected: boolean;
  /** Settles with the whole body, or rejects with a TypeError when the connection breaks off. */
  body: Promise<Buffer>;
}

/** One HTTP reply with its body buffered; each instance's body can be read once, like fetch's. */
export class HttpReply {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ReplyHeaders;
  readonly url: string;
  readonly redirected: boolean;
  readonly type = "basic";
  readonly #init: ReplyInit;
  #bodyUsed = false;

  constructor(init: ReplyInit) {
    this.#init = init;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = new ReplyHeaders(init.headers);
    this.url = init.url;
    this.redirected = init.redirected;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#bodyUsed;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    const text = (await this.#consume()).toString("utf8");
    // Response.text() decodes as UTF-8 and drops a byte order mark.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** A second reply over the same body (the SDK's debug trace reads the body through a clone). */
  clone(): HttpReply {
    if (this.#bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    return new HttpReply(this.#init);
  }

  #consume(): Promise<Buffer> {
    if (this.#bodyUsed) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
    this.#bodyUsed = true;
    return this.#init.body;
  }
}
