// Domain errors with a status and a stable type; the HTTP layer renders them as RFC 9457 problems.

/** Every problem `type` Kilpi answers with; /docs/problems explains each. */
export const PROBLEM_TYPES = [
  'validation',
  'bad-request',
  'unauthorized',
  'forbidden',
  'csrf',
  'https-required',
  'not-found',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'rate-limited',
  'internal',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export interface FieldError {
  /** Dotted path to the field, e.g. `email` or `rows.3.manager_email`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    message?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? title);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, errors?: FieldError[]) =>
  new AppError(400, 'validation', 'Invalid request', message, errors);
export const unauthorized = (message = 'Sign in or present a valid API token.') =>
  new AppError(401, 'unauthorized', 'Not signed in', message);
export const forbidden = (message = 'Your role does not allow this.') =>
  new AppError(403, 'forbidden', 'Forbidden', message);
export const notFound = (what = 'The resource') =>
  new AppError(404, 'not-found', 'Not found', `${what} was not found.`);
export const conflict = (message: string, errors?: FieldError[]) =>
  new AppError(409, 'conflict', 'Conflict', message, errors);
export const payloadTooLarge = (limit: number) =>
  new AppError(413, 'payload-too-large', 'Payload too large', `The request body exceeds ${limit} bytes.`);
export const unsupportedMediaType = (expected: string) =>
  new AppError(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${expected}.`);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate-limited', 'Too many requests', `Try again in ${retryAfterSeconds} s.`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
