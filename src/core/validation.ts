// Turns Zod failures into one 400 listing every failing field.
import type { z } from 'zod';
import { badRequest, type FieldError } from './errors.js';

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** Parses `value` with `schema`, or throws a 400 naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(`The ${what} has invalid fields.`, fieldErrors(r.error));
  return r.data;
}
