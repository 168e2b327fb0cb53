// Pages of ISMS areas not built yet: each says plainly what it will hold and which promise of the seed it keeps.
import type { Context } from 'hono';
import { can, type Permission } from '../auth/permissions.js';
import { notFound } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import './areas-messages.js';
import { Card, PageHeader, Pill } from './components.js';
import { t } from './i18n.js';
import { renderPage } from './layout.js';

interface AreaPlan {
  /** How many `area.<key>.holds.N` and `area.<key>.promise.N` strings there are. */
  holds: number;
  promises: number;
  /** A page that already holds related facts, with the permission needed to open it. */
  meanwhile?: { href: string; label: string; permission: Permission };
}

export const AREAS: Record<string, AreaPlan> = {
  evidence: { holds: 3, promises: 3, meanwhile: { href: '/audit', label: 'nav.audit', permission: 'audit.read' } },
  incidents: { holds: 4, promises: 2 },
  access: { holds: 3, promises: 2, meanwhile: { href: '/people', label: 'nav.people', permission: 'people.read' } },
  suppliers: { holds: 3, promises: 2 },
  customers: { holds: 4, promises: 4 },
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export function renderAreaPage(c: Context<AppEnv>, area: string) {
  // Own-property check: `constructor` or `__proto__` in the path must be a 404, not a crash.
  const plan = Object.hasOwn(AREAS, area) ? AREAS[area] : undefined;
  if (!plan) throw notFound('The area');
  const role = c.get('auth')!.role;
  const title = t(`nav.${area}`);
  const meanwhile = plan.meanwhile && can(role, plan.meanwhile.permission) ? plan.meanwhile : undefined;
  return renderPage(
    c,
    { title, active: area },
    <>
      <PageHeader title={title} subtitle={t(`area.${area}.lead`)} actions={<Pill tone="muted">{t('area.status')}</Pill>} />
      <div class="grid-2">
        <div class="stack">
          <Card title={t('area.holds.title')} labelledBy="area-holds">
            <ul class="checklist">
              {range(plan.holds).map((i) => (
                <li>{t(`area.${area}.holds.${i}`)}</li>
              ))}
            </ul>
          </Card>
          <Card title={t('area.promise.title')} labelledBy="area-promise">
            {range(plan.promises).map((i) => (
              <blockquote class="promise">
                <p>{t(`area.${area}.promise.${i}`)}</p>
              </blockquote>
            ))}
            <p class="muted small">{t('area.promise.source')}</p>
          </Card>
        </div>
        <div class="stack">
          <Card title={t('area.arrives.title')} labelledBy="area-arrives">
            <p>{t(`area.${area}.arrives`)}</p>
            <p class="muted small">{t('area.nodata')}</p>
          </Card>
          {meanwhile && (
            <Card title={t('area.meanwhile.title')} labelledBy="area-meanwhile">
              <p>{t(`area.${area}.meanwhile`)}</p>
              <p>
                <a href={meanwhile.href}>{t(meanwhile.label)} →</a>
              </p>
            </Card>
          )}
        </div>
      </div>
    </>,
  );
}
