// The page frame: left navigation by ISMS area (only what the role may open), top bar, content.
import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { can, type Permission } from '../auth/permissions.js';
import type { AppEnv } from '../http/env.js';
import { currentLocale, t } from './i18n.js';

export interface NavItem {
  key: string;
  href: string;
  label: string;
  permission: Permission;
}

/** The navigation, in the order UI.md gives; areas not built yet open a page that says what they will hold. */
export const NAV: NavItem[] = [
  { key: 'dashboard', href: '/', label: 'nav.dashboard', permission: 'dashboard.read' },
  { key: 'risks', href: '/areas/risks', label: 'nav.risks', permission: 'areas.read' },
  { key: 'controls', href: '/areas/controls', label: 'nav.controls', permission: 'areas.read' },
  { key: 'soa', href: '/areas/soa', label: 'nav.soa', permission: 'areas.read' },
  { key: 'assets', href: '/areas/assets', label: 'nav.assets', permission: 'areas.read' },
  { key: 'policies', href: '/areas/policies', label: 'nav.policies', permission: 'areas.read' },
  { key: 'evidence', href: '/areas/evidence', label: 'nav.evidence', permission: 'areas.read' },
  { key: 'incidents', href: '/areas/incidents', label: 'nav.incidents', permission: 'areas.read' },
  { key: 'access', href: '/areas/access', label: 'nav.access', permission: 'areas.read' },
  { key: 'suppliers', href: '/areas/suppliers', label: 'nav.suppliers', permission: 'areas.read' },
  { key: 'customers', href: '/areas/customers', label: 'nav.customers', permission: 'areas.read' },
  { key: 'people', href: '/people', label: 'nav.people', permission: 'people.read' },
  { key: 'audit', href: '/audit', label: 'nav.audit', permission: 'audit.read' },
];

export interface PageMeta {
  title: string;
  /** The NAV key to highlight. */
  active?: string;
}

interface LayoutProps extends PageMeta {
  c: Context<AppEnv>;
  children?: Child;
}

export function Layout({ c, title, active, children }: LayoutProps) {
  const auth = c.get('auth');
  const services = c.get('services');
  const signedIn = auth?.complete ? auth : null;
  const csrfToken = c.get('csrfToken');
  return (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={csrfToken} />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${title} · Kilpi`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{t('layout.skip')}</a>
        <div class={signedIn ? 'shell' : 'shell shell--bare'}>
          {signedIn && (
            <nav class="sidenav" aria-label={t('layout.nav')}>
              <a class="brand" href="/">
                <img src="/static/favicon.svg" alt="" width="24" height="24" />
                <span>Kilpi</span>
              </a>
              <ul>
                {NAV.filter((n) => can(signedIn.role, n.permission)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={n.key === active ? 'page' : undefined}>
                      {t(n.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="main-col">
            {signedIn && (
              <header class="topbar">
                <span class="org">{services.orgName}</span>
                <span class="spacer" />
                <a class="user" href="/account">
                  <span class="user-name">{signedIn.user.name}</span>
                  <span class="user-role">{t(`role.${signedIn.role}`)}</span>
                </a>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="btn btn--ghost">{t('layout.signout')}</button>
                </form>
              </header>
            )}
            <main id="main" tabindex={-1}>
              {children}
            </main>
          </div>
        </div>
      </body>
    </html>
  );
}

/** Renders `body` inside the layout as a full HTML page. */
export function renderPage(c: Context<AppEnv>, meta: PageMeta, body: Child, status: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 = 200) {
  const page = (
    <Layout c={c} {...meta}>
      {body}
    </Layout>
  );
  return c.html(html`<!doctype html>${page}`, status);
}
