// Crypto policy pages on every dialect: who may open them, the teaching empty state, the rules
// table, copying and editing through forms (CSRF, errors beside fields), exports, Finnish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { copyPolicy } from '../../../src/isms/crypto/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, policyName } from './factories.js';

type Session = { cookie: string; csrf: string };

describe.each(dialects())('crypto pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) s[r] = await t.session(r);
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const postForm = (path: string, role: Role, fields: [string, string][], withCsrf = true) => {
    const body = new URLSearchParams([...(withCsrf ? ([['_csrf', s[role]!.csrf]] as [string, string][]) : []), ...fields]);
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };
  /** The edit form's fields as a browser would post them (every checked box, every select). */
  async function formFields(path: string, role: Role): Promise<[string, string][]> {
    const html = await (await get(path, role)).text();
    const out: [string, string][] = [];
    for (const m of html.matchAll(/<input[^>]*>/g)) {
      const tag = m[0];
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (!name || name === '_csrf') continue;
      if (/type="checkbox"/.test(tag) && !/\schecked/.test(tag)) continue;
      out.push([name, value.replace(/&amp;/g, '&')]);
    }
    for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const selected = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1];
      if (selected !== undefined) out.push([m[1]!, selected]);
    }
    return out;
  }
  const set = (fields: [string, string][], name: string, value: string) => fields.map(([k, v]): [string, string] => [k, k === name ? value : v]);

  it('teaches how to make the organisation’s own policy before there is one, with the copy action only for writers', async () => {
    const officer = await (await get('/crypto', 'security_officer')).text();
    expect(officer).toContain('The organisation has no policy of its own yet');
    expect(officer).toContain('href="/crypto/m72b-st4/copy"');
    const auditor = await (await get('/crypto', 'auditor')).text();
    expect(auditor).toContain('The organisation has no policy of its own yet');
    expect(auditor).not.toContain('/copy"');
    expect(auditor).toContain('M72B / ST IV cryptography baseline');
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const p = await copyPolicy(t.ctx(), 'm72b-st4', { name: policyName('Pages') });
    const pages: [string, Role[]][] = [
      ['/crypto', ['admin', 'security_officer', 'auditor']],
      ['/crypto/m72b-st4', ['admin', 'security_officer', 'auditor']],
      [`/crypto/${p.id}`, ['admin', 'security_officer', 'auditor']],
      ['/crypto/m72b-st4/copy', ['admin', 'security_officer']],
      [`/crypto/${p.id}/edit`, ['admin', 'security_officer']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/crypto/no-such-policy', 'auditor')).status).toBe(404);
    const old = await get('/crypto-policy', 'auditor');
    expect([old.status, old.headers.get('location')]).toEqual([301, '/crypto']);
  });

  it('shows the baseline’s rules grouped by kind with severity pills and source links, its provenance, and no edit action', async () => {
    const html = await (await get('/crypto/m72b-st4', 'security_officer')).text();
    for (const group of ['Minimum protocol version', 'Key exchange', 'Key sizes', 'Elliptic curves', 'Symmetric encryption', 'Hash functions', 'Forbidden algorithms', 'Certificate names']) expect(html).toContain(`>${group}</th>`);
    expect(html).toContain('<span class="pill pill--warn">Warning</span>');
    expect(html).toContain('<span class="pill pill--bad">Error</span>');
    expect(html).toContain('<span class="pill pill--info">Info</span>');
    expect(html).toContain('RSA ≥ 3072 bits');
    expect(html).toContain('href="https://www.kyberturvallisuuskeskus.fi/');
    expect(html).toContain('What the values rest on');
    expect(html).toContain('href="/crypto/m72b-st4/copy"');
    expect(html).not.toContain('/edit"');
  });

  it('copies through the form: errors beside the fields, then the new policy', async () => {
    const before = await counts(t);
    const bad = await postForm('/crypto/m72b-st4/copy', 'security_officer', [['name', ''], ['scope', 'x'.repeat(201)]]);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('href="#f-name"');
    expect(html).toContain('href="#f-scope"');
    expect(await counts(t)).toEqual(before);
    const noCsrf = await postForm('/crypto/m72b-st4/copy', 'security_officer', [['name', policyName()]], false);
    expect(noCsrf.status).toBe(403);
    const name = policyName('<b>Formed</b>');
    const ok = await postForm('/crypto/m72b-st4/copy', 'security_officer', [['name', name], ['scope', 'Merchant API']]);
    expect(ok.status).toBe(303);
    const detail = await (await get(ok.headers.get('location')!, 'security_officer')).text();
    expect(detail).toContain(name.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
    expect(detail).toContain('At least as strict as M72B / ST IV cryptography baseline');
    expect(detail).toContain('Edit rules');
  });

  it('edits the rules through the form: tightening saves revision 2, loosening names the rule and field', async () => {
    const p = await copyPolicy(t.ctx(), 'm72b-st4', { name: policyName('Edit') });
    const i = p.rules.findIndex((r) => r.id === 'rsa-key-size');
    const m = p.rules.findIndex((r) => r.id === 'tls-minimum-version');
    const fields = await formFields(`/crypto/${p.id}/edit`, 'security_officer');
    expect(fields).toContainEqual([`r${i}.min_bits`, '3072']);
    const before = await counts(t);
    const loose = await postForm(`/crypto/${p.id}/edit`, 'security_officer', set(fields, `r${i}.min_bits`, '1024'));
    expect(loose.status).toBe(400);
    const html = await loose.text();
    expect(html).toContain(`href="#f-rules.${i}.min_bits"`);
    expect(html).toContain('Rule rsa-key-size: 1024 bits is below the baseline’s 3072 bits.');
    expect(html).toContain('value="1024"');
    const junk = await postForm(`/crypto/${p.id}/edit`, 'security_officer', set(fields, `r${i}.min_bits`, 'lots'));
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain('Use a whole number of bits');
    expect(await counts(t)).toEqual(before);
    const tight = await postForm(`/crypto/${p.id}/edit`, 'security_officer', set(set(fields, `r${i}.min_bits`, '4096'), `r${m}.min`, 'TLS1.3'));
    expect(tight.status).toBe(303);
    const detail = await (await get(`/crypto/${p.id}`, 'auditor')).text();
    expect(detail).toContain('RSA ≥ 4096 bits');
    expect(detail).toContain('≥ TLS1.3');
    expect(detail).toContain('Organisation policy, revision 2');
    expect(detail).toContain('Edited');
    // The same form posted again is stale: its revision is 1.
    const stale = await postForm(`/crypto/${p.id}/edit`, 'security_officer', set(fields, `r${i}.min_bits`, '8192'));
    expect(stale.status).toBe(409);
  });

  it('lists, filters and exports the policies as CSV, and a policy’s rules as CSV and JSON', async () => {
    const name = policyName('=Formula');
    await copyPolicy(t.ctx(), 'm72b-st4', { name, scope: 'Card vault' });
    const list = await (await get(`/crypto?kind=organisation&q=${encodeURIComponent('formula')}`, 'auditor')).text();
    expect(list).toContain('Card vault');
    expect(list).not.toContain('pill--info">Baseline');
    const csv = await get('/crypto/export.csv?kind=organisation', 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('id,kind,name,scope,version,revision,baseline_id,baseline_name,rule_count,updated_at');
    expect(text).toContain(`'${name}`);
    const rules = await (await get('/crypto/m72b-st4/rules.csv', 'auditor')).text();
    expect(rules.split('\r\n')).toHaveLength(12 + 2);
    expect(rules).toContain('rsa-key-size,key_size,RSA keys of at least 3072 bits,warning,RSA ≥ 3072 bits');
    const doc = await get('/crypto/m72b-st4/export.json', 'auditor');
    expect(doc.headers.get('content-disposition')).toContain('attachment');
    expect(((await doc.json()) as { rules: unknown[] }).rules).toHaveLength(12);
  });

  it('ignores hand-edited filters that cannot match, and never errors on them', async () => {
    for (const q of ['kind=secret', 'sort=password&dir=sideways', 'page=-1', 'q=%00', `q=${'x'.repeat(5000)}`]) {
      expect((await get(`/crypto?${q}`, 'auditor')).status, q).toBe(200);
    }
  });

  it('speaks Finnish', async () => {
    const html = await (await get('/crypto/m72b-st4', 'auditor', { cookie: `${s.auditor!.cookie}; lang=fi` })).text();
    expect(html).toContain('Salauspolitiikat');
    expect(html).toContain('Avainten pituudet');
    expect(html).toContain('Varoitus');
  });
});
