// Temporary: the page an ISMS area shows while it is being built in a parallel branch. Each area's
// pages.tsx replaces its call; this file goes once none uses it.
import type { Hono } from 'hono';
import type { Permission } from '../auth/permissions.js';
import type { AppEnv } from '../http/env.js';
import { guard } from '../http/guard.js';
import { PageHeader } from '../web/components.js';
import { t } from '../web/i18n.js';
import { renderPage } from '../web/layout.js';

export function registerStubPage(app: Hono<AppEnv>, path: string, navKey: string, permission: Permission): void {
  app.get(
    path,
    guard(permission, (c) => renderPage(c, { title: t(`nav.${navKey}`), active: navKey }, <PageHeader title={t(`nav.${navKey}`)} />)),
  );
}
