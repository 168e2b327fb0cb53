// The crypto policy API on every dialect: boot loading, the 401 → 400 → 403 → success ladder,
// tightening only, revisions and audit, exports and evaluation.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { BUNDLED_DIR, loadBundledBaselines } from '../../../src/isms/crypto/bundled.js';
import type { PolicyOut } from '../../../src/isms/crypto/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, json, policyName } from './factories.js';
import { LEGACY, MODERN } from './fixtures.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe.each(dialects())('crypto policy API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const copy = async (name = policyName(), role: Role = 'security_officer'): Promise<PolicyOut> => {
    const res = await t.request('/api/v1/crypto-policies/m72b-st4/copy', as(role, json({ name })));
    expect(res.status).toBe(201);
    return (await res.json()) as PolicyOut;
  };
  const patch = (id: string, body: unknown, role: Role = 'security_officer') => t.request(`/api/v1/crypto-policies/${id}`, as(role, json(body, 'PATCH')));

  describe('bundled baselines', () => {
    it('are loaded at boot, once, with one audit event', async () => {
      const res = await t.request('/api/v1/crypto-policies?kind=baseline', as('auditor'));
      expect(res.status).toBe(200);
      const list = (await res.json()) as { items: { id: string; version: string; revision: number; rule_count: number }[]; total: number };
      expect(list.items.map((p) => [p.id, p.version, p.revision, p.rule_count])).toEqual([['m72b-st4', '2026.1', 1, 12]]);
      const events = (await (await t.request('/api/v1/audit-events?entity_type=crypto_policy&entity_id=m72b-st4', as('auditor'))).json()) as { items: { action: string; actor: { label: string } }[] };
      expect(events.items.map((e) => e.action)).toEqual(['crypto_policy.load']);
    });

    it('load idempotently: the same files again change nothing', async () => {
      const before = await counts(t);
      expect(await loadBundledBaselines(t.ctx())).toEqual({ added: 0, changed: 0, unchanged: 1 });
      expect(await counts(t)).toEqual(before);
    });

    it('record a new revision and one event when a file changes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kilpi-crypto-'));
      try {
        cpSync(BUNDLED_DIR, dir, { recursive: true });
        const file = join(dir, 'm72b-st4.json');
        const p = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
        writeFileSync(file, JSON.stringify({ ...p, version: '2026.2' }));
        const before = await counts(t);
        expect(await loadBundledBaselines(t.ctx(), dir)).toEqual({ added: 0, changed: 1, unchanged: 0 });
        expect(await loadBundledBaselines(t.ctx(), dir)).toEqual({ added: 0, changed: 0, unchanged: 1 });
        expect(await counts(t)).toEqual({ policies: before.policies, versions: before.versions + 1, events: before.events + 1 });
        const b = (await (await t.request('/api/v1/crypto-policies/m72b-st4', as('auditor'))).json()) as PolicyOut;
        expect([b.version, b.revision]).toEqual(['2026.2', 2]);
      } finally {
        // Back to the shipped file, so the other tests see the real baseline.
        await loadBundledBaselines(t.ctx());
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a broken bundled file with a message naming it and the field', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kilpi-crypto-'));
      try {
        writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'broken', name: 'x', version: '1', description: '', provenance: '', sources: [{ id: 'a', title: 'A' }], rules: [{ id: 'r1', kind: 'key_size', title: 'x', severity: 'error', source: { document: 'a' }, algorithm: 'RSA', min_bits: 'lots' }] }));
        await expect(loadBundledBaselines(t.ctx(), dir)).rejects.toThrow(/broken\.json: rules\.0\.min_bits/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('cannot be edited, only copied', async () => {
      const before = await counts(t);
      const res = await patch('m72b-st4', { name: 'Mine now' });
      expect(res.status).toBe(409);
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('GET /api/v1/crypto-policies', () => {
    it('answers 401 anonymously and 403 to staff', async () => {
      expect((await t.request('/api/v1/crypto-policies', anon({}))).status).toBe(401);
      expect((await t.request('/api/v1/crypto-policies', as('staff'))).status).toBe(403);
    });

    it('answers 400 for malformed query values', async () => {
      for (const q of ['kind=secret', 'sort=password', 'limit=0', 'limit=9999', 'dir=sideways', 'q=%00']) {
        const res = await t.request(`/api/v1/crypto-policies?${q}`, as('auditor'));
        expect(res.status, q).toBe(400);
      }
    });

    it('filters by kind and name, sorts and pages', async () => {
      const a = await copy(policyName('Zeta list'));
      await copy(policyName('Alpha list'));
      const res = await t.request('/api/v1/crypto-policies?q=list&kind=organisation&sort=name&dir=desc&limit=1', as('auditor'));
      const body = (await res.json()) as { items: { id: string; baseline_id: string; baseline_name: string }[]; total: number };
      expect(body.total).toBe(2);
      expect(body.items.map((p) => p.id)).toEqual([a.id]);
      expect(body.items[0]).toMatchObject({ baseline_id: 'm72b-st4', baseline_name: 'M72B / ST IV cryptography baseline' });
    });
  });

  describe('GET /api/v1/crypto-policies/:id', () => {
    it('answers the baseline with its rules and sources', async () => {
      const res = await t.request('/api/v1/crypto-policies/m72b-st4', as('auditor'));
      const p = (await res.json()) as PolicyOut;
      expect(p.rules).toHaveLength(12);
      expect(p.strictness).toEqual({ status: 'baseline', problems: [], baseline_changed: false });
      expect(p.sources.find((s) => s.id === 'ncsc-st')?.url).toMatch(/^https:/);
    });

    it.each(['00000000-0000-7000-8000-000000000000', "x' OR '1'='1", '..%2F..%2Fetc', '%3Cscript%3E', 'a'.repeat(65)])('answers 404 or 400 for %s, never a 500', async (id) => {
      const res = await t.request(`/api/v1/crypto-policies/${id}`, as('auditor'));
      expect([400, 404]).toContain(res.status);
    });
  });

  describe('POST /api/v1/crypto-policies/:id/copy', () => {
    it('answers 401 anonymously and writes nothing', async () => {
      const before = await counts(t);
      expect((await t.request('/api/v1/crypto-policies/m72b-st4/copy', anon(json({ name: policyName() })))).status).toBe(401);
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['name', {}],
      ['name', { name: '' }],
      ['name', { name: '   ' }],
      ['name', { name: 'x'.repeat(201) }],
      ['name', { name: 'Bad\u0000name' }],
      ['name', { name: 42 }],
      ['scope', { name: 'ok', scope: 'x'.repeat(201) }],
      ['scope', { name: 'ok', scope: 'line\nbreak' }],
      ['description', { name: 'ok', description: ['not', 'text'] }],
      ['description', { name: 'ok', description: 'd'.repeat(4001) }],
      ['(body)', { name: 'ok', rules: [] }],
    ])('answers 400 naming %s for %j and writes nothing', async (field, body) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/crypto-policies/m72b-st4/copy', as('admin', json(body)));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/crypto-policies/m72b-st4/copy', as(role, json({ name: policyName() })))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 404 for an unknown policy', async () => {
      expect((await t.request('/api/v1/crypto-policies/no-such-policy/copy', as('admin', json({ name: policyName() })))).status).toBe(404);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s copy the baseline: same rules, revision 1, audited', async (role) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/crypto-policies/m72b-st4/copy', as(role, json({ name: `  Copy by ${role}  `, scope: 'Merchant API' })));
      expect(res.status).toBe(201);
      const p = (await res.json()) as PolicyOut;
      expect(res.headers.get('location')).toBe(`/api/v1/crypto-policies/${p.id}`);
      const baseline = (await (await t.request('/api/v1/crypto-policies/m72b-st4', as('auditor'))).json()) as PolicyOut;
      expect(p).toMatchObject({ kind: 'organisation', name: `Copy by ${role}`, scope: 'Merchant API', revision: 1, baseline_id: 'm72b-st4', copied_from_id: 'm72b-st4', baseline_revision: baseline.revision });
      expect(p.strictness).toEqual({ status: 'at_least_as_strict', problems: [], baseline_changed: false });
      expect(p.rules).toEqual(baseline.rules);
      expect(await counts(t)).toEqual({ policies: before.policies + 1, versions: before.versions + 1, events: before.events + 1 });
    });

    it('answers 409 for a name the organisation already uses', async () => {
      const name = policyName();
      await copy(name);
      const res = await t.request('/api/v1/crypto-policies/m72b-st4/copy', as('admin', json({ name })));
      expect(res.status).toBe(409);
      expect(((await res.json()) as Problem).errors?.[0]?.field).toBe('name');
    });

    it('copies a copy, keeping the original baseline as the one to stay stricter than', async () => {
      const first = await copy();
      const res = await t.request(`/api/v1/crypto-policies/${first.id}/copy`, as('admin', json({ name: policyName() })));
      const second = (await res.json()) as PolicyOut;
      expect([second.baseline_id, second.copied_from_id]).toEqual(['m72b-st4', first.id]);
    });

    it('stores HTML and SQL-ish text as plain text', async () => {
      const name = `<script>alert(1)</script> Robert'); DROP TABLE crypto_policies;--`;
      const p = await copy(name);
      expect(p.name).toBe(name);
      expect((await t.request('/api/v1/crypto-policies', as('auditor'))).status).toBe(200);
    });
  });

  describe('PATCH /api/v1/crypto-policies/:id', () => {
    it('answers 401, then 403 to auditor and staff, writing nothing', async () => {
      const p = await copy();
      const before = await counts(t);
      expect((await t.request(`/api/v1/crypto-policies/${p.id}`, anon(json({ name: 'x' }, 'PATCH')))).status).toBe(401);
      for (const role of ['auditor', 'staff'] as const) expect((await patch(p.id, { name: 'x' }, role)).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it('tightens: TLS 1.3 only and RSA ≥ 4096 make revision 2 with before and after in the audit trail', async () => {
      const p = await copy();
      const rules = p.rules.map((r) => (r.kind === 'protocol_min' ? { ...r, min: 'TLS1.3' } : r.id === 'rsa-key-size' ? { ...r, min_bits: 4096 } : r));
      const res = await patch(p.id, { rules, revision: 1 });
      expect(res.status).toBe(200);
      const q = (await res.json()) as PolicyOut;
      expect(q.revision).toBe(2);
      expect(q.rules.find((r) => r.id === 'rsa-key-size')).toMatchObject({ min_bits: 4096 });
      expect(q.strictness.status).toBe('at_least_as_strict');
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=crypto_policy&entity_id=${p.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { revision: number } | null; after: { revision: number } }[];
      };
      expect(events.items.map((e) => [e.action, e.before?.revision ?? null, e.after.revision])).toEqual([
        ['crypto_policy.update', 1, 2],
        ['crypto_policy.copy', null, 1],
      ]);
    });

    it('refuses loosening with 400 naming the rule and field, and writes nothing', async () => {
      const p = await copy();
      const before = await counts(t);
      const i = p.rules.findIndex((r) => r.id === 'rsa-key-size');
      const j = p.rules.findIndex((r) => r.id === 'no-wildcard-certificates');
      const rules = p.rules.map((r, k) => (k === i ? { ...r, min_bits: 1024 } : k === j ? { ...r, severity: 'info' } : r));
      const res = await patch(p.id, { rules });
      expect(res.status).toBe(400);
      const body = (await res.json()) as Problem;
      expect(body.errors?.map((e) => e.field)).toEqual([`rules.${i}.min_bits`, `rules.${j}.severity`]);
      expect(body.errors?.[0]?.message).toContain('rsa-key-size');
      expect(await counts(t)).toEqual(before);
    });

    it('refuses removing a baseline rule, and lets the organisation add its own', async () => {
      const p = await copy();
      const res = await patch(p.id, { rules: p.rules.filter((r) => r.id !== 'hash-sha2') });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.[0]?.message).toContain('hash-sha2');
      const added = { id: 'api-tls13-only', kind: 'protocol_min', title: 'API: TLS 1.3 only', severity: 'warning', source: { document: 'kilpi' }, min: 'TLS1.3' };
      const ok = await patch(p.id, { rules: [...p.rules, added] });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as PolicyOut).rule_count).toBe(13);
    });

    it.each([
      ['rules.0.kind', { rules: [{ id: 'x1', kind: 'quantum', title: 't', severity: 'error', source: { document: 'kilpi' } }] }],
      ['rules.0.id', { rules: [{ id: 'Bad Id!', kind: 'protocol_min', title: 't', severity: 'error', source: { document: 'kilpi' }, min: 'TLS1.3' }] }],
      ['rules.0.min_bits', { rules: [{ id: 'k1', kind: 'key_size', title: 't', severity: 'error', source: { document: 'kilpi' }, algorithm: 'RSA', min_bits: '4096' }] }],
      ['rules.0.allow', { rules: [{ id: 'h1', kind: 'hash', title: 't', severity: 'error', source: { document: 'kilpi' }, allow: ['SHA-256', 'SHA-256'] }] }],
      ['rules.0.severity', { rules: [{ id: 'w1', kind: 'certificate_wildcard', title: 't', severity: 'fatal', source: { document: 'kilpi' }, allowed: false }] }],
      ['rules.0.title', { rules: [{ id: 'w1', kind: 'certificate_wildcard', title: 'x'.repeat(201), severity: 'error', source: { document: 'kilpi' }, allowed: false }] }],
      ['rules', { rules: [] }],
      ['rules', { rules: 'all of them' }],
      ['revision', { revision: -1 }],
      ['(body)', { colour: 'red' }],
    ])('answers 400 naming %s for malformed input', async (field, body) => {
      const p = await copy();
      const before = await counts(t);
      const res = await patch(p.id, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field).join(' ')).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it('refuses a rule naming a source the policy does not have', async () => {
      const p = await copy();
      const rules = [...p.rules, { id: 'orphan', kind: 'protocol_min', title: 'x', severity: 'error', source: { document: 'nowhere' }, min: 'TLS1.3' }];
      const res = await patch(p.id, { rules });
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toEqual([`rules.${p.rules.length}.source.document`]);
    });

    it('answers 409 when the revision it is based on is no longer current', async () => {
      const p = await copy();
      expect((await patch(p.id, { name: policyName(), revision: 1 })).status).toBe(200);
      const before = await counts(t);
      const stale = await patch(p.id, { name: policyName(), revision: 1 });
      expect(stale.status).toBe(409);
      expect(await counts(t)).toEqual(before);
    });

    it('writes nothing and records no event when nothing changes', async () => {
      const p = await copy();
      const before = await counts(t);
      const res = await patch(p.id, { name: p.name, rules: p.rules });
      expect(res.status).toBe(200);
      expect(((await res.json()) as PolicyOut).revision).toBe(1);
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('exports and evaluation', () => {
    it('exports a policy as JSON in the bundled file format', async () => {
      const res = await t.request('/api/v1/crypto-policies/m72b-st4/export', as('auditor'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('crypto-policy-m72b-st4.json');
      const doc = (await res.json()) as { format: string; rules: unknown[]; exported_at: string };
      expect(doc.format).toBe('kilpi.crypto-policy/1');
      expect(doc.rules).toHaveLength(12);
      expect(doc.exported_at).toBe(t.clock.now().toISOString());
    });

    it('evaluates an observed configuration against a policy, for auditors too, writing nothing', async () => {
      const before = await counts(t);
      const ok = await t.request('/api/v1/crypto-policies/m72b-st4/evaluate', as('auditor', json(MODERN)));
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { outcome: string }).outcome).toBe('pass');
      const bad = (await (await t.request('/api/v1/crypto-policies/m72b-st4/evaluate', as('auditor', json(LEGACY)))).json()) as { outcome: string; counts: { errors: number; warnings: number } };
      expect(bad).toMatchObject({ outcome: 'fail', counts: { errors: 6, warnings: 1 } });
      expect(await counts(t)).toEqual(before);
    });

    it('evaluates against an organisation’s stricter rules', async () => {
      const p = await copy();
      await patch(p.id, { rules: p.rules.map((r) => (r.kind === 'protocol_min' ? { ...r, min: 'TLS1.3' } : r)) });
      const res = await t.request(`/api/v1/crypto-policies/${p.id}/evaluate`, as('auditor', json(MODERN)));
      const e = (await res.json()) as { outcome: string; findings: { rule_id: string; status: string; observed: string[] }[] };
      expect(e.outcome).toBe('fail');
      expect(e.findings.find((f) => f.rule_id === 'tls-minimum-version')).toMatchObject({ status: 'fail', observed: ['TLS1.2'] });
    });

    it('answers 400 naming the field for a malformed observation', async () => {
      const res = await t.request('/api/v1/crypto-policies/m72b-st4/evaluate', as('auditor', json({ protocols: ['TLS1.0', 'QUIC'], certificate: { key_type: 'RSA', key_bits: 'big' } })));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toEqual(['protocols.1', 'certificate.key_bits']);
    });
  });
});
