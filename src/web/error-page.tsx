// Error pages for browsers: the same facts as a problem response, in the layout, no internals.
import type { Context } from 'hono';
import type { AppError } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import { t, tOr } from './i18n.js';
import { renderPage } from './layout.js';

export function renderErrorPage(c: Context<AppEnv>, e: AppError) {
  const status = ([400, 403, 404, 409, 429, 500] as const).find((s) => s === e.status) ?? (e.status >= 500 ? 500 : 400);
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  // Known problem types read in the reader's language; others keep the service's own sentence.
  const title = tOr(`error.title.${e.type}`, e.title);
  const message = e.type === 'not-found' || e.type === 'forbidden' || e.status >= 500 ? tOr(`error.message.${e.type}`, e.message) : e.message;
  const signedIn = Boolean(c.get('auth')?.complete);
  return renderPage(
    c,
    { title },
    <section class="error-page">
      <p class="error-code">{e.status}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      {e.errors && e.errors.length > 0 && (
        <ul class="error-fields">
          {e.errors.map((f) => (
            <li>
              <code>{f.field}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a class="btn" href="/">
          {signedIn ? t('error.home') : t('error.start')}
        </a>
      </p>
      <p class="muted small">
        {t('error.request')} <code>{c.get('requestId')}</code>
      </p>
    </section>,
    status,
  );
}
