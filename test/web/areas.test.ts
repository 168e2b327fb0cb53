// Pages of ISMS areas not built yet: who may open them, what they say, and unknown areas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { AREAS } from '../../src/web/areas.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { cspViolations, getPage } from './fixtures.js';

describe.each(dialects())('area pages on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) cookies[role] = (await t.session(role)).cookie;
  });
  afterAll(async () => t.close());

  it('sends an anonymous reader to sign in and back', async () => {
    const res = await getPage(t, '/areas/incidents?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/areas/incidents?x=1')}`);
  });

  it('refuses staff, who have no business in the ISMS areas', async () => {
    for (const area of Object.keys(AREAS)) {
      const res = await getPage(t, `/areas/${area}`, cookies.staff);
      expect(res.status, area).toBe(403);
      expect(res.html).toContain('Not allowed');
    }
  });

  it('shows every area to oversight roles: what it will hold and the promise it keeps, with no figures', async () => {
    for (const role of ['admin', 'security_officer', 'auditor'] as const) {
      for (const area of Object.keys(AREAS)) {
        const res = await getPage(t, `/areas/${area}`, cookies[role]);
        expect(res.status, `${role} ${area}`).toBe(200);
        expect(res.html).toContain('What this area will hold');
        expect(res.html).toContain('The promise it keeps');
        expect(res.html).toContain('Not built yet');
        expect(res.html).toMatch(new RegExp(`<a href="/areas/${area}" aria-current="page">`));
        expect(res.html).not.toMatch(/area\.[a-z]+\.(holds|promise)\.\d/); // no untranslated keys
        expect(res.html).not.toMatch(/<form(?![^>]*action="\/(language|logout)")(?![^>]*role="search")/); // no fake actions
        expect(cspViolations(res.html)).toEqual([]);
      }
    }
  });

  it('quotes the seed: access reviews keep the promise of regular reviews', async () => {
    const res = await getPage(t, '/areas/access', cookies.auditor);
    expect(res.html).toContain('We review user accounts and access rights at regular intervals and remove unnecessary access.');
    expect(res.html).toContain('<a href="/people">People →</a>');
  });

  it('answers unknown areas, prototype names and hostile paths with a 404 page', async () => {
    for (const area of ['nope', '__proto__', 'constructor', 'toString', '%3Cscript%3E', 'risks%00', 'RISKS']) {
      const res = await getPage(t, `/areas/${area}`, cookies.admin);
      expect(res.status, area).toBe(404);
      expect(res.html).toContain('Not found');
      expect(res.html).not.toContain('<script>');
    }
  });

  it('speaks Finnish when the reader chose it', async () => {
    const res = await getPage(t, '/areas/incidents', `${cookies.auditor}; lang=fi`);
    expect(res.html).toContain('<html lang="fi">');
    expect(res.html).toContain('Lupaus, jonka se pitää');
    expect(res.html).toContain('Teemme lain edellyttämät ilmoitukset');
  });
});
