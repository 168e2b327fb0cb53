// The page frame: left navigation by ISMS area (only what the role may open), top bar, content.
import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { can, type Permission } from '../auth/permissions.js';
import type { AppEnv } from '../http/env.js';
import { VERSION } from '../version.js';
import { currentLocale, LOCALES, t } from './i18n.js';

export interface NavItem {
  key: string;
  href: string;
  label: string;
  permission: Permission;
  /** The heading the item sits under. */
  group?: 'overview' | 'system' | 'operations' | 'organisation';
  /** True for areas that open a page saying what they will hold. */
  planned?: boolean;
}

/** The navigation, in the order UI.md gives; areas not built yet open a page that says what they will hold. */
export const NAV: NavItem[] = [
  { key: 'dashboard', href: '/', label: 'nav.dashboard', permission: 'dashboard.read', group: 'overview' },
  { key: 'scope', href: '/scope', label: 'nav.scope', permission: 'scope.read', group: 'system' },
  { key: 'risks', href: '/risks', label: 'nav.risks', permission: 'risks.read', group: 'system' },
  { key: 'controls', href: '/controls', label: 'nav.controls', permission: 'controls.read', group: 'system' },
  { key: 'soa', href: '/soa', label: 'nav.soa', permission: 'soa.read', group: 'system' },
  { key: 'frameworks', href: '/frameworks', label: 'nav.frameworks', permission: 'frameworks.read', group: 'system' },
  { key: 'assets', href: '/assets', label: 'nav.assets', permission: 'assets.read', group: 'system' },
  { key: 'policies', href: '/policies', label: 'nav.policies', permission: 'policies.read', group: 'system' },
  { key: 'crypto', href: '/crypto', label: 'nav.crypto', permission: 'crypto.read', group: 'system' },
  { key: 'evidence', href: '/areas/evidence', label: 'nav.evidence', permission: 'areas.read', group: 'system', planned: true },
  { key: 'incidents', href: '/areas/incidents', label: 'nav.incidents', permission: 'areas.read', group: 'operations', planned: true },
  { key: 'access', href: '/areas/access', label: 'nav.access', permission: 'areas.read', group: 'operations', planned: true },
  { key: 'suppliers', href: '/areas/suppliers', label: 'nav.suppliers', permission: 'areas.read', group: 'operations', planned: true },
  { key: 'customers', href: '/areas/customers', label: 'nav.customers', permission: 'areas.read', group: 'operations', planned: true },
  { key: 'people', href: '/people', label: 'nav.people', permission: 'people.read', group: 'organisation' },
  { key: 'audit', href: '/audit', label: 'nav.audit', permission: 'audit.read', group: 'organisation' },
  { key: 'users', href: '/users', label: 'nav.users', permission: 'users.read', group: 'organisation' },
];

const GROUPS = ['overview', 'system', 'operations', 'organisation'] as const;

export interface PageMeta {
  title: string;
  /** The NAV key to highlight. */
  active?: string;
}

interface LayoutProps extends PageMeta {
  c: Context<AppEnv>;
  children?: Child;
}

/** The current path and query, for forms that bring the reader back here. */
const herePath = (c: Context<AppEnv>) => {
  const u = new URL(c.req.url);
  return (u.pathname + u.search).slice(0, 1000);
};

/** English/Suomi as a pair of buttons; posts to /language, which sets the `lang` cookie and comes back. */
export function LanguageSwitch({ c }: { c: Context<AppEnv> }) {
  const locale = currentLocale();
  return (
    <form class="lang-switch" method="post" action="/language" aria-label={t('layout.language')}>
      <input type="hidden" name="_csrf" value={c.get('csrfToken')} />
      <input type="hidden" name="next" value={herePath(c)} />
      {LOCALES.map((l) => (
        <button type="submit" name="lang" value={l} lang={l} aria-pressed={l === locale ? 'true' : 'false'}>
          {t(`language.${l}`)}
        </button>
      ))}
    </form>
  );
}

function SideNav({ role, active }: { role: Parameters<typeof can>[0]; active: string | undefined }) {
  const items = NAV.filter((n) => can(role, n.permission));
  return (
    <nav class="sidenav" id="sidenav" aria-label={t('layout.nav')}>
      {GROUPS.map((g) => {
        const inGroup = items.filter((n) => (n.group ?? 'overview') === g);
        if (!inGroup.length) return null;
        return (
          <div class="nav-group">
            {g !== 'overview' && <p class="nav-heading" id={`nav-${g}`}>{t(`nav.group.${g}`)}</p>}
            <ul aria-labelledby={g !== 'overview' ? `nav-${g}` : undefined}>
              {inGroup.map((n) => (
                <li>
                  <a href={n.href} aria-current={n.key === active ? 'page' : undefined}>
                    <span>{t(n.label)}</span>
                    {n.planned && <span class="nav-soon">{t('nav.planned')}</span>}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
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
        <meta name="color-scheme" content="light" />
        <title>{`${title} · Kilpi`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{t('layout.skip')}</a>
        {signedIn ? (
          <div class="shell">
            <aside class="sidebar">
              <div class="sidebar-head">
                <a class="brand" href="/">
                  <img src="/static/favicon.svg" alt="" width="28" height="28" />
                  <span>Kilpi</span>
                </a>
                <button type="button" class="nav-toggle" aria-controls="sidenav" aria-expanded="false" hidden>
                  {t('layout.menu')}
                </button>
              </div>
              <SideNav role={signedIn.role} active={active} />
              <p class="sidebar-foot">{t('layout.version', { version: VERSION })}</p>
            </aside>
            <div class="main-col">
              <header class="topbar">
                <span class="org">{services.orgName}</span>
                {can(signedIn.role, 'people.read') && (
                  <form class="search" method="get" action="/people" role="search">
                    <label class="visually-hidden" for="global-q">
                      {t('layout.search.label')}
                    </label>
                    <input id="global-q" type="search" name="q" maxlength={200} placeholder={t('layout.search.placeholder')} autocomplete="off" />
                    <button type="submit" class="btn btn--quiet">
                      {t('layout.search.go')}
                    </button>
                  </form>
                )}
                <span class="spacer" />
                <LanguageSwitch c={c} />
                <a class="user" href="/account">
                  <span class="user-name">{signedIn.user.name}</span>
                  <span class="user-role">{t(`role.${signedIn.role}`)}</span>
                </a>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="btn btn--ghost btn--small">
                    {t('layout.signout')}
                  </button>
                </form>
              </header>
              <main id="main" tabindex={-1}>
                {children}
              </main>
            </div>
          </div>
        ) : (
          <div class="shell shell--bare">
            <header class="bare-head">
              <a class="brand" href="/">
                <img src="/static/favicon.svg" alt="" width="28" height="28" />
                <span>Kilpi</span>
              </a>
              <span class="spacer" />
              <LanguageSwitch c={c} />
            </header>
            <main id="main" tabindex={-1}>
              {children}
            </main>
          </div>
        )}
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
