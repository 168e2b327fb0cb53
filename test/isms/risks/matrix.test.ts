// Configuring the risk matrix through the API on every dialect: the ladder, the rules, refusal of a
// change that would strand existing risks (naming them), versions and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { MatrixConfig } from '../../../src/isms/risks/matrix.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, json, makeOwner, makeRisk } from './factories.js';

interface MatrixOut extends MatrixConfig {
  version: number;
  max_score: number;
  highest_acceptable_score: number;
}

describe.each(dialects())('risk matrix on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  let current: MatrixOut;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const put = (body: unknown, role: Role = 'security_officer') => t.request('/api/v1/risk-matrix', as(role, json(body, 'PUT')));
  const configOf = (m: MatrixOut): MatrixConfig => ({ likelihood: m.likelihood, impact: m.impact, bands: m.bands });

  it('starts with the default 5 × 5 matrix and its acceptance criteria', async () => {
    expect((await t.request('/api/v1/risk-matrix')).status).toBe(401);
    expect((await t.request('/api/v1/risk-matrix', as('staff'))).status).toBe(403);
    current = (await (await t.request('/api/v1/risk-matrix', as('auditor'))).json()) as MatrixOut;
    expect(current).toMatchObject({ version: 1, max_score: 25, highest_acceptable_score: 16 });
    expect(current.likelihood.map((l) => l.en)).toEqual(['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain']);
    expect(current.impact[4]).toEqual({ en: 'Severe', fi: 'Vakava' });
    expect(current.bands.map((b) => [b.key, b.min_score, b.acceptable, b.max_acceptance_days])).toEqual([
      ['low', 1, true, 365],
      ['medium', 5, true, 180],
      ['high', 10, true, 90],
      ['critical', 17, false, null],
    ]);
  });

  it('answers 400 naming each broken field, 403 to those who may not configure, and changes nothing', async () => {
    const base = configOf(current);
    const cases: [unknown, string][] = [
      [{ ...base, likelihood: base.likelihood.slice(0, 1) }, 'likelihood'],
      [{ ...base, impact: Array.from({ length: 11 }, () => ({ en: 'x', fi: 'x' })) }, 'impact'],
      [{ ...base, likelihood: [{ en: '', fi: 'x' }, ...base.likelihood.slice(1)] }, 'likelihood.0.en'],
      [{ ...base, likelihood: [{ en: '<b>\u0000</b>', fi: 'x' }, ...base.likelihood.slice(1)] }, 'likelihood.0.en'],
      [{ ...base, impact: [{ en: 'x'.repeat(61), fi: 'x' }, ...base.impact.slice(1)] }, 'impact.0.en'],
      [{ ...base, bands: [{ ...base.bands[0]!, min_score: 2 }, ...base.bands.slice(1)] }, 'bands.0.min_score'],
      [{ ...base, bands: [base.bands[0]!, { ...base.bands[1]!, min_score: 1 }, ...base.bands.slice(2)] }, 'bands.1.min_score'],
      [{ ...base, bands: [...base.bands.slice(0, 3), { ...base.bands[3]!, min_score: 26 }] }, 'bands.3.min_score'],
      [{ ...base, bands: [...base.bands.slice(0, 3), { ...base.bands[3]!, key: 'low' }] }, 'bands.3.key'],
      [{ ...base, bands: [...base.bands.slice(0, 3), { ...base.bands[3]!, key: 'Crit ical' }] }, 'bands.3.key'],
      [{ ...base, bands: [...base.bands.slice(0, 3), { ...base.bands[3]!, colour: 'pink' }] }, 'bands.3.colour'],
      [{ ...base, bands: [{ ...base.bands[0]!, acceptable: false }, ...base.bands.slice(1)] }, 'bands.1.acceptable'],
      [{ ...base, bands: [{ ...base.bands[0]!, max_acceptance_days: 5000 }, ...base.bands.slice(1)] }, 'bands.0.max_acceptance_days'],
      [{ ...base, bands: [{ ...base.bands[0]!, review_interval_days: 0 }, ...base.bands.slice(1)] }, 'bands.0.review_interval_days'],
      [{ ...base, bands: base.bands.slice(0, 1) }, 'bands'],
      [{ ...base, extra: true }, '(body)'],
      ['not an object', '(body)'],
    ];
    for (const [body, field] of cases) {
      const before = await counts(t);
      const res = await put(body);
      expect(res.status, field).toBe(400);
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field), field).toContain(field);
      expect(await counts(t)).toEqual(before);
    }
    expect((await put(base, 'auditor')).status).toBe(403);
    expect((await t.request('/api/v1/risk-matrix', json(base, 'PUT'))).status).toBe(401);
  });

  it('refuses to shrink the matrix under existing risks, naming them, then allows it once they are rescored', async () => {
    const owner = await makeOwner(t);
    const a = await makeRisk(t, owner, { likelihood: 5, impact: 2, residual_likelihood: 1, residual_impact: 1 });
    const b = await makeRisk(t, owner, { likelihood: 2, impact: 5, residual_likelihood: 2, residual_impact: 5 });
    const base = configOf(current);
    const bands = base.bands.map((x) => (x.key === 'critical' ? { ...x, min_score: 13 } : x));
    const fourByFour = { ...base, likelihood: base.likelihood.slice(0, 4), impact: base.impact.slice(0, 4), bands };
    const before = await counts(t);
    const res = await put(fourByFour);
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { detail: string; errors: { field: string; message: string }[] };
    expect(problem.detail).toContain(a.ref);
    expect(problem.detail).toContain(b.ref);
    expect(problem.errors.find((e) => e.field === 'likelihood')!.message).toContain(`${a.ref} (likelihood 5)`);
    expect(problem.errors.find((e) => e.field === 'impact')!.message).toContain(`${b.ref} (residual_impact 5)`);
    expect(await counts(t)).toEqual(before);
    // Rescored inside 4 × 4 (and the bands moved to fit 16), the change goes through.
    await t.request(`/api/v1/risks/${a.id}`, as('admin', json({ likelihood: 4 }, 'PATCH')));
    await t.request(`/api/v1/risks/${b.id}`, as('admin', json({ impact: 4, residual_impact: 4 }, 'PATCH')));
    const ok = await put(fourByFour);
    expect(ok.status).toBe(200);
    const saved = (await ok.json()) as MatrixOut;
    expect(saved).toMatchObject({ version: 2, max_score: 16, highest_acceptable_score: 12 });
    // Bands re-apply at once: 2 × 4 = 8 stays medium, while 13 and up is critical now.
    const risk = (await (await t.request(`/api/v1/risks/${b.id}`, as('auditor'))).json()) as { inherent_band: string; residual_band: string };
    expect(risk).toMatchObject({ inherent_band: 'medium', residual_band: 'medium' });
    const heat = (await (await t.request('/api/v1/risks/heatmap', as('auditor'))).json()) as { inherent: { likelihood: number; impact: number; band: string }[] };
    expect(heat.inherent.find((c) => c.likelihood === 4 && c.impact === 4)!.band).toBe('critical');
    expect(heat.inherent).toHaveLength(16);
    const levels = await t.request('/api/v1/risks', as('admin', json({ title: 'Too likely', owner_id: owner.id, likelihood: 5, impact: 1 })));
    expect(levels.status).toBe(400);
    const events = (await (await t.request('/api/v1/audit-events?entity_type=risk_matrix', as('auditor'))).json()) as { items: { action: string; before: { version: number }; after: { version: number } }[] };
    expect(events.items[0]).toMatchObject({ action: 'risk_matrix.configure', before: { version: 1 }, after: { version: 2 } });
    // Saving the same matrix again changes nothing and records nothing.
    const again = await counts(t);
    expect((await put(fourByFour)).status).toBe(200);
    expect(await counts(t)).toEqual(again);
  });
});
