// Error pages for browsers: the same facts as a problem response, in the layout, no internals.
import type { Context } from 'hono';
import type { AppError } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import { t } from './i18n.js';
import { renderPage } from './layout.js';

export function renderErrorPage(c: Context<AppEnv>, e: AppError) {
  const status = ([400, 403, 404, 409, 429, 500] as const).find((s) => s === e.status) ?? (e.status >= 500 ? 500 : 400);
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  return renderPage(
    c,
    { title: e.title },
    <section class="error-page">
      <p class="error-code">{e.status}</p>
      <h1>{e.title}</h1>
      <p>{e.message}</p>
      <p>
        <a href="/">{t('error.home')}</a>
      </p>
      <p class="muted small">
        {t('error.request')} <code>{c.get('requestId')}</code>
      </p>
    </section>,
    status,
  );
}
