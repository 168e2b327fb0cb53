// Helpers the policy page handlers share: the role, one-time messages after redirects, form errors.
import type { Context } from 'hono';
import { isAppError, type AppError } from '../../core/errors.js';
import type { AppEnv } from '../../http/env.js';
import { t } from '../../web/i18n.js';

type C = Context<AppEnv>;

export const roleOf = (c: C) => c.get('auth')!.role;

/** A one-time message after a redirect (`?done=…`), from a fixed list so the URL cannot inject text. */
export function flashOf(c: C): string | null {
  const done = c.req.query('done');
  return done && /^[a-z_]{1,20}$/.test(done) && ['acknowledged', 'reviewed', 'created', 'saved', 'updated', 'approved', 'published', 'campaign'].includes(done) ? t(`policies.flash.${done}`) : null;
}

/** Validation and conflict errors that name fields go back to the form; anything else is a real error. */
export const formError = (e: unknown): AppError | null => (isAppError(e) && (e.status === 400 || e.status === 409) && e.errors?.length ? e : null);

