// The language switch: sets the `lang` cookie and returns to a same-site path, never anywhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameOriginPath as safeNextPath } from '../../src/core/text.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { getPage } from './fixtures.js';

describe('sameOriginPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath('/audit?entity_type=person&page=2#x')).toBe('/audit?entity_type=person&page=2#x');
    expect(safeNextPath('/areas/../people')).toBe('/people');
  });

  it('refuses anything that could leave the site', () => {
    const hostile = [
      '//evil.example',
      '///evil.example',
      'https://evil.example',
      'http:evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      ' /people',
      '/people\r\nSet-Cookie: a=b',
      '/\u0000',
      'evil.example',
      '',
      '/' + 'a'.repeat(2000),
      42,
      undefined,
    ];
    for (const h of hostile) expect(safeNextPath(h), JSON.stringify(h)).toBeNull();
  });
});

describe.each(dialects())('POST /language on %s', (dialect) => {
  let t: TestApp;
  let s: { cookie: string; csrf: string };
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    s = await t.session('auditor');
  });
  afterAll(async () => t.close());

  const post = (fields: Record<string, string>, cookie = s.cookie) =>
    t.request('/language', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it('sets the cookie and goes back to the page it came from', async () => {
    const res = await post({ _csrf: s.csrf, lang: 'fi', next: '/areas/incidents?a=1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/areas/incidents?a=1');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^lang=fi;/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
    const page = await getPage(t, '/areas/incidents', `${s.cookie}; lang=fi`);
    expect(page.html).toContain('<html lang="fi">');
    expect(page.html).toContain('<button type="submit" name="lang" value="fi" lang="fi" aria-pressed="true">Suomi</button>');
  });

  it('works before sign-in too, with the anonymous form token', async () => {
    const first = await t.request('/nowhere');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1];
    expect(token).toBeTruthy();
    const res = await post({ _csrf: token!, lang: 'fi', next: '/login' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('refuses off-site and malformed return paths without setting anything', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '/a\r\nLocation: https://evil.example']) {
      const res = await post({ _csrf: s.csrf, lang: 'fi', next });
      expect(res.status, next).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('set-cookie') ?? '').not.toMatch(/lang=/);
    }
  });

  it('refuses unknown and hostile languages', async () => {
    for (const lang of ['sv', 'EN', '', 'fi; Path=/evil', '<script>', 'x'.repeat(10_000)]) {
      const res = await post({ _csrf: s.csrf, lang, next: '/' });
      expect(res.status, lang.slice(0, 20)).toBe(400);
      expect(res.headers.get('set-cookie') ?? '').not.toMatch(/lang=/);
      expect(await res.text()).not.toContain('<script>');
    }
    const missing = await post({ _csrf: s.csrf, next: '/' });
    expect(missing.status).toBe(400);
  });

  it('refuses a post without the form token', async () => {
    const res = await post({ lang: 'fi', next: '/' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/lang=/);
  });

  it('ignores a forged lang cookie value and falls back to English', async () => {
    const page = await getPage(t, '/areas/incidents', `${s.cookie}; lang=<script>`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
  });
});
