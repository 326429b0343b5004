/**
 * Domain errors. The domain throws these; the API maps them to HTTP status codes in one
 * place (apps/api/src/plugins/app/errors.ts). Never throw HTTP errors from the domain.
 */
export interface Issue {
  /** JSON-pointer-like path of the offending field, e.g. `/answers/q_triad/weights`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
  static one(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

export class UnauthorizedError extends DomainError {
  override name = 'UnauthorizedError';
}

/** The request conflicts with the stored state (e.g. editing a published framework version). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}
