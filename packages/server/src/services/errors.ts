/** Typed domain errors the services throw; the HTTP layer's one error handler turns them into replies. */

/** One problem with one field; `path` is dotted ("metadata.site"), empty for the input as a whole. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Base of every domain error: `code` is the API's machine-readable code. */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  constructor(code: string, message: string, details: Record<string, unknown> | null = null) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The input breaks a field rule (400 VALIDATION_ERROR); `issues` name the fields. */
export class ValidationError extends DomainError {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], message = "Validation error") {
    super("VALIDATION_ERROR", message, { issues });
    this.issues = issues;
  }
}

/** The request is well-formed but not allowed as it stands, e.g. a lifecycle rule (400, BAD_REQUEST by default). */
export class InvalidRequestError extends DomainError {
  constructor(message: string, code = "BAD_REQUEST", details: Record<string, unknown> | null = null) {
    super(code, message, details);
  }
}

/** Missing, or in another organization: reported the same way (404). */
export class NotFoundError extends DomainError {}

/** The caller's role may not do this (403 FORBIDDEN). */
export class ForbiddenError extends DomainError {
  constructor(message = "Forbidden") {
    super("FORBIDDEN", message);
  }
}

/** The change clashes with existing state, e.g. a serial number in use (409). */
export class ConflictError extends DomainError {}

/** A "plant not found" error, the same for missing plants and other organizations' plants. */
export function plantNotFound(): NotFoundError {
  return new NotFoundError("PLANT_NOT_FOUND", "Plant not found");
}
