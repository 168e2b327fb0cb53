// /docs/problems: what each problem `type` in an API error means, so the `type` links resolve.
import type { Hono } from 'hono';
import { PROBLEM_TYPES } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import { guard } from '../http/guard.js';
import { PageHeader } from './components.js';
import { t } from './i18n.js';
import { renderPage } from './layout.js';
import './problems-messages.js';

export function registerProblemsPage(app: Hono<AppEnv>): void {
  app.get(
    '/docs/problems',
    guard('public', (c) =>
      renderPage(
        c,
        { title: t('problems.title') },
        <>
          <PageHeader title={t('problems.title')} subtitle={t('problems.lead')} />
          <dl class="card problems">
            {PROBLEM_TYPES.map((type) => (
              <>
                <dt id={type}>
                  <code>{type}</code>
                </dt>
                <dd>{t(`problems.${type}`)}</dd>
              </>
            ))}
          </dl>
        </>,
      ),
    ),
  );
}
