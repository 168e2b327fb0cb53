// API tokens: the /api/v1/tokens ladder, the account page, revocation, expiry and last-used time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { auditEvents, path, signedInBrowser } from './flow.js';

const json = (body: unknown, authorization?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  body: JSON.stringify(body),
});

describe.each(dialects())('API tokens on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 10_000 } });
  });
  afterAll(async () => t.close());

  it('answers 401 without credentials on every token route', async () => {
    expect((await t.request('/api/v1/tokens')).status).toBe(401);
    expect((await t.request('/api/v1/tokens', json({ name: 'x' }))).status).toBe(401);
    expect((await t.request('/api/v1/tokens/0190e0a0-0000-7000-8000-000000000000', { method: 'DELETE' })).status).toBe(401);
  });

  it('answers 400 per bad field when creating a token', async () => {
    const { authorization } = await t.bearer('staff');
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: 'ok', expires_in: 'forever' }, 'expires_in'],
      [{ name: 'ok', expires_in: '0d' }, 'expires_in'],
      [{ name: 'ok', expires_in: '11y' }, 'expires_in'],
      [{ name: 'ok', expires_in: 7 }, 'expires_in'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('/api/v1/tokens', json(body, authorization));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const p = (await res.json()) as { errors: { field: string }[] };
      expect(p.errors.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await t.request('/api/v1/tokens', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"name":' })).status).toBe(400);
    expect((await t.request('/api/v1/tokens', { method: 'POST', headers: { authorization, 'content-type': 'text/plain' }, body: 'name=x' })).status).toBe(415);
  });

  it('creates, lists and revokes the caller’s own tokens; a revoked token is refused at once', async () => {
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
      const { authorization, userId } = await t.bearer(role);
      const created = await t.request('/api/v1/tokens', json({ name: 'ci export', expires_in: '30d' }, authorization));
      expect(created.status, role).toBe(201);
      const tok = (await created.json()) as { id: string; token: string; prefix: string; expires_at: string };
      expect(tok.token).toMatch(/^kilpi_/);
      expect(tok.token.startsWith(tok.prefix)).toBe(true);
      expect(tok.expires_at).toBe(new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString());
      const stored = await t.booted.services.db.selectFrom('api_tokens').selectAll().where('id', '=', tok.id).executeTakeFirstOrThrow();
      expect(stored.user_id).toBe(userId);
      expect(stored.token_hash).not.toContain(tok.token);

      const list = (await (await t.request('/api/v1/tokens', { headers: { authorization } })).json()) as { items: { id: string; token?: string }[] };
      expect(list.items.map((i) => i.id)).toContain(tok.id);
      expect(JSON.stringify(list)).not.toContain(tok.token);

      const bearer = `Bearer ${tok.token}`;
      expect((await t.request('/api/v1/me', { headers: { authorization: bearer } })).status).toBe(200);
      const revoked = await t.request(`/api/v1/tokens/${tok.id}`, { method: 'DELETE', headers: { authorization } });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as { revoked_at: string }).revoked_at).toBe(t.clock.now().toISOString());
      expect((await t.request('/api/v1/me', { headers: { authorization: bearer } })).status).toBe(401);
      expect((await auditEvents(t, 'api_token.revoke')).some((e) => e.entity_id === tok.id)).toBe(true);
    }
  });

  it('hides other people’s tokens: listing shows only one’s own, and revoking another’s is 404', async () => {
    const a = await t.bearer('admin');
    const b = await t.bearer('staff');
    const created = (await (await t.request('/api/v1/tokens', json({ name: 'mine' }, b.authorization))).json()) as { id: string };
    const list = (await (await t.request('/api/v1/tokens', { headers: { authorization: a.authorization } })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(created.id);
    expect((await t.request(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: { authorization: a.authorization } })).status).toBe(404);
    expect((await t.request('/api/v1/tokens/not-a-uuid', { method: 'DELETE', headers: { authorization: a.authorization } })).status).toBe(400);
    const row = await t.booted.services.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it('refuses an expired token and records when a live one was last used', async () => {
    const { authorization } = await t.bearer('auditor');
    const created = (await (await t.request('/api/v1/tokens', json({ name: 'short', expires_in: '2h' }, authorization))).json()) as { id: string; token: string };
    t.clock.advance(60 * 60_000);
    expect((await t.request('/api/v1/me', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
    const used = await t.booted.services.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBe(t.clock.now().toISOString());
    t.clock.advance(60 * 60_000);
    expect((await t.request('/api/v1/me', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
  });

  it('does not let a token mint a token that outlives it', async () => {
    const { authorization } = await t.bearer('staff'); // lives 30 days
    const res = await t.request('/api/v1/tokens', json({ name: 'long', expires_in: '1y' }, authorization));
    const tok = (await res.json()) as { expires_at: string };
    expect(Date.parse(tok.expires_at)).toBeLessThanOrEqual(t.clock.now().getTime() + 30 * 86_400_000);
  });

  it('creates a token on the account page, shows the secret once, lists it and revokes it', async () => {
    const { b, user } = await signedInBrowser(t, 'staff');
    expect(b.lastHtml).toContain('No API tokens yet');
    const res = await b.post('/account/tokens', { name: 'backup job', expires_in: '90d' });
    expect(res.status).toBe(200);
    const secret = /id="new-token">([^<]+)</.exec(b.lastHtml)?.[1];
    expect(secret).toMatch(/^kilpi_/);
    expect((await t.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    await b.get('/account');
    expect(b.lastHtml).not.toContain(secret!);
    expect(b.lastHtml).toContain('backup job');
    const row = await t.booted.services.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.expires_at).toBe(new Date(t.clock.now().getTime() + 90 * 86_400_000).toISOString());
    const revoke = await b.post(`/account/tokens/${row.id}/revoke`);
    expect(path(revoke)).toBe('/account?revoked=1');
    await b.follow(revoke);
    expect(b.lastHtml).toContain('Revoked');
    expect((await t.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  it('refuses bad token forms with messages on the fields, and creates nothing', async () => {
    const { b, user } = await signedInBrowser(t, 'auditor');
    for (const fields of [
      { name: '', expires_in: '90d' },
      { name: 'x'.repeat(300), expires_in: '90d' },
      { name: 'ok', expires_in: '100y' },
      { name: 'bell\u0007', expires_in: '30d' },
      { name: '<script>alert(1)</script>', expires_in: 'forever' },
    ]) {
      const res = await b.post('/account/tokens', fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(b.lastHtml).toContain('class="alert alert--error"');
      expect(b.lastHtml).not.toContain('<script>alert(1)</script>');
    }
    const count = await t.booted.services.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(count).toHaveLength(0);
  });

  it('refuses token form posts without or with a wrong CSRF token, changing nothing', async () => {
    const { b, user } = await signedInBrowser(t, 'staff');
    expect((await b.post('/account/tokens', { name: 'x', expires_in: '30d', _csrf: null })).status).toBe(403);
    expect((await b.post('/account/tokens', { name: 'x', expires_in: '30d', _csrf: 'A'.repeat(32) })).status).toBe(403);
    const rows = await t.booted.services.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('answers a revoke of someone else’s token from the page with 404, leaving it live', async () => {
    const other = await t.bearer('staff');
    const created = (await (await t.request('/api/v1/tokens', json({ name: 'theirs' }, other.authorization))).json()) as { id: string; token: string };
    const { b } = await signedInBrowser(t, 'admin');
    expect((await b.post(`/account/tokens/${created.id}/revoke`)).status).toBe(404);
    expect((await t.request('/api/v1/me', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
  });
});
