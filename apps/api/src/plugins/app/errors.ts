import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, type Issue } from '@vertelpunt/core';

/** Thrown by the API itself for semantic refusals (a closed collection, a draft framework). */
export class UnprocessableError extends DomainError {
  override name = 'UnprocessableError';
}

/** An upload whose (sniffed) type is not accepted. */
export class UnsupportedMediaError extends DomainError {
  override name = 'UnsupportedMediaTypeError';
}

export class PayloadTooLargeError extends DomainError {
  override name = 'PayloadTooLargeError';
}

/** Retry-After seconds while a dependency (the database) is away. */
export class UnavailableError extends DomainError {
  override name = 'UnavailableError';
}

const STATUS: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaError, 415],
  [UnprocessableError, 422],
  [UnavailableError, 503],
];

/** Connection-level failures of PostgreSQL: the request may succeed when retried. */
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08000', '08003', '08006', '53300']);

function isDbUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DB_UNAVAILABLE.has(code)) return true;
    if (e instanceof Error && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(e.message)) return true;
  }
  return false;
}

function schemaIssues(err: FastifyError): Issue[] {
  return (err.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const extra = (v.params as { additionalProperty?: string }).additionalProperty;
    const base = v.instancePath ?? '';
    return { path: missing ? `${base}/${missing}` : extra ? `${base}/${extra}` : base || '/', message: extra ? 'is not allowed' : (v.message ?? 'is invalid') };
  });
}

/**
 * The one place errors become HTTP responses. Domain errors map by type; Fastify's own 4xx
 * errors keep their status; anything else is a 500 that shows no message, stack or SQL.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.validation) {
        const issues = schemaIssues(err);
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', in: err.validationContext, message: issues.map((i) => `${i.path} ${i.message}`).join('; '), issues });
      }
      if (err instanceof DomainError) {
        const status = STATUS.find(([type]) => err instanceof type)?.[1] ?? 500;
        if (status === 503) void reply.header('retry-after', '5');
        const body: Record<string, unknown> = { statusCode: status, error: err.name.replace(/Error$/, ''), message: err.message };
        if (err instanceof ValidationError) body.issues = err.issues;
        return reply.code(status).send(body);
      }
      // The multipart parser only ever reads what the client sent: its errors are bad input.
      if (err instanceof Error && err.statusCode === undefined && /[\\/]@fastify[\\/]busboy[\\/]/.test(err.stack ?? '')) {
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'the upload ended early or is not well-formed multipart data', issues: [{ path: '/file', message: 'malformed multipart data' }] });
      }
      if (isDbUnavailable(err)) {
        request.log.warn({ err }, 'database unavailable');
        return reply.code(503).header('retry-after', '5').send({ statusCode: 503, error: 'Service Unavailable', message: 'The database is temporarily unavailable; retry later.' });
      }
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ statusCode: status, error: err.code ?? 'Error', message: err.message });
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' });
    });
  },
  { name: 'errors' },
);
