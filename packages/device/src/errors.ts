/** The one error type of `@voke/device`; `code` says what went wrong so callers can branch on it. */

export type DeviceErrorCode =
  /** The provisioning package is unreadable or malformed. */
  | "INVALID_PACKAGE"
  /** A caller passed a bad argument (metrics, status fields, options). */
  | "INVALID_INPUT"
  /** The broker refused the CONNECT (`reasonCode` 4: bad username or password, 5: not authorized). */
  | "CONNECTION_REFUSED"
  /** The TLS handshake failed (untrusted broker certificate, wrong host name, refused client certificate). */
  | "TLS"
  /** The network failed (refused TCP connection, reset, timeout). */
  | "NETWORK"
  /** The broker refused the subscription to the commands topic. */
  | "SUBSCRIBE_REFUSED"
  /** `getToken()` failed or returned something other than a non-empty string. */
  | "TOKEN"
  /** The connection was closed by `close()` before the operation finished. */
  | "CLOSED";

export class DeviceError extends Error {
  readonly code: DeviceErrorCode;
  /** The CONNACK return code for CONNECTION_REFUSED (4 or 5 from a Voke broker). */
  readonly reasonCode: number | undefined;

  constructor(code: DeviceErrorCode, message: string, options?: { cause?: unknown; reasonCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeviceError";
    this.code = code;
    this.reasonCode = options?.reasonCode;
  }
}
