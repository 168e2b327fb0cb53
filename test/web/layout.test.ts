// The page frame: navigation by role, the search box, the language switch, error pages and CSP-safe markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { NAV } from '../../src/web/layout.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { cspViolations, getPage } from './fixtures.js';

const navLinks = (html: string) => [...(/<nav class="sidenav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

describe.each(dialects())('layout on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) cookies[role] = (await t.session(role)).cookie;
  });
  afterAll(async () => t.close());

  it('shows each role only the areas it may open', async () => {
    expect(navLinks((await getPage(t, '/', cookies.staff)).html)).toEqual(['/', '/policies']);
    const all = NAV.map((n) => n.href);
    for (const role of ['admin', 'security_officer', 'auditor'] as const) expect(navLinks((await getPage(t, '/', cookies[role])).html), role).toEqual(all);
  });

  it('offers people search only to roles that may read the directory', async () => {
    const auditor = await getPage(t, '/', cookies.auditor);
    expect(auditor.html).toContain('<form class="search" method="get" action="/people" role="search">');
    expect(auditor.html).toContain('<label class="visually-hidden" for="global-q">Search people by name</label>');
    expect((await getPage(t, '/', cookies.staff)).html).not.toContain('role="search"');
  });

  it('carries a skip link, the signed-in person, the language switch and sign-out with form tokens', async () => {
    const s = await t.session('auditor');
    const res = await getPage(t, '/areas/incidents?x=%22%3E', s.cookie);
    expect(res.html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    expect(res.html).toContain('<main id="main" tabindex="-1">');
    expect(res.html).toContain('<span class="user-role">Auditor</span>');
    expect(res.html).toContain(`<input type="hidden" name="_csrf" value="${s.csrf}"/>`);
    // The return path is the current page, escaped inside the attribute.
    expect(res.html).toContain('<input type="hidden" name="next" value="/areas/incidents?x=%22%3E"/>');
    expect(res.html).toContain('aria-pressed="true">English</button>');
    expect(res.html).toContain('<button type="button" class="nav-toggle" aria-controls="sidenav" aria-expanded="false" hidden="">Menu</button>');
    expect(cspViolations(res.html)).toEqual([]);
  });

  it('renders error pages in the reader’s language, with the language switch for anonymous readers', async () => {
    const en = await getPage(t, '/no/such/page');
    expect(en.status).toBe(404);
    expect(en.html).toContain('<h1>Not found</h1>');
    expect(en.html).toContain('action="/language"');
    expect(en.html).toContain('Go to the start page');
    const fi = await getPage(t, '/no/such/page', `${cookies.admin}; lang=fi`);
    expect(fi.html).toContain('<h1>Ei löytynyt</h1>');
    expect(fi.html).toContain('Takaisin kojelautaan');
    const forbidden = await getPage(t, '/audit', `${cookies.staff}; lang=fi`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.html).toContain('<h1>Ei sallittu</h1>');
  });

  it('picks Finnish from Accept-Language when no choice was made', async () => {
    const res = await t.request('/', { headers: { cookie: cookies.auditor, 'accept-language': 'fi-FI,fi;q=0.9,en;q=0.8' } });
    expect(await res.text()).toContain('<html lang="fi">');
  });

  it('serves the stylesheet with design tokens and the script without inline handlers', async () => {
    const css = await (await t.request('/static/app.css')).text();
    for (const token of ['--c-accent:', '--space-4:', '--fs-md:', '--font:', '--mono:', 'position: sticky', ':focus-visible', '@media (max-width: 860px)']) expect(css).toContain(token);
    const js = await (await t.request('/static/app.js')).text();
    expect(js).toContain('nav-toggle');
    expect(js).not.toMatch(/eval\(|innerHTML/);
  });
});
