// POST /language: remembers English or Finnish in the `lang` cookie and goes back to the page it came from.
import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { badRequest, type FieldError } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import { guard } from '../http/guard.js';
import { LOCALES, t, type Locale } from './i18n.js';
import { sameOriginPath } from '../core/text.js';

const isLocale = (s: unknown): s is Locale => typeof s === 'string' && (LOCALES as readonly string[]).includes(s);

export function registerLanguageRoute(app: Hono<AppEnv>): void {
  app.post(
    '/language',
    guard('public', async (c) => {
      const form = await c.req.parseBody();
      const errors: FieldError[] = [];
      if (!isLocale(form.lang)) errors.push({ field: 'lang', message: t('language.err.lang') });
      const next = sameOriginPath(form.next ?? '/', 1000);
      if (next === null) errors.push({ field: 'next', message: t('language.err.next') });
      if (errors.length || !isLocale(form.lang) || next === null) throw badRequest(t('language.err'), errors);
      setCookie(c, 'lang', form.lang, {
        path: '/',
        httpOnly: true,
        // A preference, not a credential: Lax keeps the language when someone follows a link in.
        sameSite: 'Lax',
        secure: c.get('services').secureCookies,
        maxAge: 60 * 60 * 24 * 365,
      });
      return c.redirect(next, 303);
    }),
  );
}
