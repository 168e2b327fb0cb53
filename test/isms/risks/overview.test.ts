// The heatmap (API counts and the server-rendered SVG: counts in the right cells, links, text
// alternative) and the trend (snapshots written on change, quiet days carried) on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { importTrendHistory } from '../../../src/isms/risks/overview-service.js';
import { json, makeOwner, makeRisk } from './factories.js';

interface Cell {
  likelihood: number;
  impact: number;
  score: number;
  band: string;
  count: number;
}

describe.each(dialects())('risk heatmap and trend on %s', (dialect) => {
  let t: TestApp;
  let auditor: string;
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    auditor = (await t.bearer('auditor')).authorization;
    cookie = (await t.session('auditor')).cookie;
    const owner = await makeOwner(t);
    await makeRisk(t, owner, { likelihood: 5, impact: 5, residual_likelihood: 2, residual_impact: 3 });
    await makeRisk(t, owner, { likelihood: 5, impact: 5, residual_likelihood: 2, residual_impact: 3 });
    await makeRisk(t, owner, { likelihood: 1, impact: 1, residual_likelihood: null, residual_impact: null });
    const closed = await makeRisk(t, owner, { likelihood: 3, impact: 3 });
    await t.request(`/api/v1/risks/${closed.id}`, { ...json({ status: 'closed' }, 'PATCH'), headers: { 'content-type': 'application/json', authorization: (await t.bearer('admin')).authorization } });
  });
  afterAll(async () => t.close());

  it('counts risks not closed per cell, inherent and residual', async () => {
    expect((await t.request('/api/v1/risks/heatmap')).status).toBe(401);
    const heat = (await (await t.request('/api/v1/risks/heatmap', { headers: { authorization: auditor } })).json()) as { inherent: Cell[]; residual: Cell[]; residual_unassessed: number; total: number };
    expect(heat.inherent).toHaveLength(25);
    const at = (cells: Cell[], l: number, i: number) => cells.find((c) => c.likelihood === l && c.impact === i)!;
    expect(at(heat.inherent, 5, 5)).toEqual({ likelihood: 5, impact: 5, score: 25, band: 'critical', count: 2 });
    expect(at(heat.inherent, 1, 1).count).toBe(1);
    expect(at(heat.inherent, 3, 3).count).toBe(0); // closed
    expect(at(heat.residual, 2, 3)).toMatchObject({ count: 2, band: 'medium' });
    expect(heat).toMatchObject({ total: 3, residual_unassessed: 1 });
  });

  it('draws both grids as SVG with each count in its cell, linking to the filtered list, with a table alternative', async () => {
    const html = await (await t.request('/risks/overview', { headers: { cookie } })).text();
    const grid = (basis: string) => html.slice(html.indexOf(`aria-labelledby="heat-${basis}-t heat-${basis}-d"`), html.indexOf('</svg>', html.indexOf(`heat-${basis}-t`)));
    const inherent = grid('inherent');
    // Likelihood 5 is the top row (0); impact 5 the last column (4).
    expect(inherent).toMatch(/<a href="\/risks\?basis=inherent&amp;likelihood=5&amp;impact=5&amp;status=active" aria-label="Almost certain × Severe \(score 25, Critical\): 2 risks" class="grid-link" data-row="0" data-col="4" data-count="2">/);
    expect(inherent).toMatch(/data-row="4" data-col="0" data-count="1"/);
    expect(inherent).toMatch(/<g data-row="2" data-col="2" data-count="0" aria-hidden="true">/);
    expect(inherent).toContain('grid-cell--red');
    const residual = grid('residual');
    expect(residual).toMatch(/likelihood=2&amp;impact=3&amp;status=active"[^>]*data-row="3" data-col="2" data-count="2"/);
    expect(residual).not.toContain('data-count="1"');
    // The hidden table: a row per likelihood with a count per impact.
    expect(html).toMatch(/<th scope="row">Almost certain<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>2<\/td>/);
    expect(html).toContain('<title id="heat-inherent-t">Inherent risk</title>');
    // The cell's link lists exactly those risks.
    const list = await (await t.request('/risks?basis=inherent&likelihood=5&impact=5&status=active', { headers: { cookie } })).text();
    expect(list).toContain('2 risks');
  });

  it('records a snapshot on each change and carries quiet days forward', async () => {
    const trend = async (days = 7) =>
      (await (await t.request(`/api/v1/risks/trend?days=${days}`, { headers: { authorization: auditor } })).json()) as {
        bands: string[];
        points: { day: string; bands: Record<string, number>; open: number; closed: number; recorded: boolean }[];
      };
    const now = await trend();
    expect(now.bands).toEqual(['low', 'medium', 'high', 'critical']);
    expect(now.points).toEqual([{ day: '2026-11-25', bands: { low: 1, medium: 2, high: 0, critical: 0 }, open: 3, treating: 0, accepted: 0, expired: 0, closed: 1, recorded: true }]);
    expect((await t.request('/api/v1/risks/trend?days=3', { headers: { authorization: auditor } })).status).toBe(400);
    t.clock.advance(2 * 86_400_000);
    try {
      await makeRisk(t, await makeOwner(t), { likelihood: 4, impact: 4, residual_likelihood: 4, residual_impact: 4 });
      const later = await trend();
      expect(later.points.map((p) => [p.day, p.recorded, p.bands.high])).toEqual([
        ['2026-11-25', true, 0],
        ['2026-11-26', false, 0],
        ['2026-11-27', true, 1],
      ]);
    } finally {
      t.clock.advance(-2 * 86_400_000);
    }
  });

  it('imports history only for days without a snapshot, and only past days', async () => {
    const n = await importTrendHistory(t.ctx(), [
      { day: '2026-11-20', scores: JSON.stringify({ 25: 3 }), open: 3, treating: 0, accepted: 0, expired: 0, closed: 0 },
      { day: '2026-11-25', scores: JSON.stringify({ 1: 99 }), open: 99, treating: 0, accepted: 0, expired: 0, closed: 0 },
    ]);
    expect(n).toBe(1);
    const trend = (await (await t.request('/api/v1/risks/trend?days=7', { headers: { authorization: auditor } })).json()) as { points: { day: string; bands: Record<string, number> }[] };
    expect(trend.points[0]).toMatchObject({ day: '2026-11-20', bands: { critical: 3 } });
    expect(trend.points.at(-1)).toMatchObject({ day: '2026-11-25', bands: { low: 1 } });
    expect(await importTrendHistory(t.ctx(), [{ day: '2026-11-20', scores: '{}', open: 0, treating: 0, accepted: 0, expired: 0, closed: 0 }])).toBe(0);
  });
});
