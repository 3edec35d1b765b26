/** HTTP-level errors (401, 413, 415, bad path ids…) and the one error body every failure is sent as. */

/** An error that already knows its HTTP status and API code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: Record<string, unknown> | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = options.details ?? null;
    this.headers = options.headers ?? {};
  }
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: Record<string, unknown> | null;
}

const REASON: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The HTTP reason phrase for `status`. */
export function reasonPhrase(status: number): string {
  return REASON[status] ?? "Error";
}

export function errorBody(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> | null = null,
): ErrorBody {
  return { statusCode: status, error: reasonPhrase(status), code, message, details };
}

export function unauthorized(message = "Unauthorized", code = "UNAUTHORIZED"): HttpError {
  return new HttpError(401, code, message, { headers: { "WWW-Authenticate": "Bearer" } });
}

export function payloadTooLarge(maxBytes: number): HttpError {
  // The rest of the body may still be on its way: the connection is closed after this reply.
  return new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`, {
    details: { maxBytes },
    headers: { Connection: "close" },
  });
}

export function unsupportedMediaType(contentType: string | undefined): HttpError {
  return new HttpError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    contentType
      ? `Request body must be application/json, not ${contentType}`
      : "Request body must be application/json (set Content-Type)",
  );
}
