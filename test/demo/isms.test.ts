// The ISMS core demo as a whole, read through the API as a security officer would: every area seeded
// to the sizes, and the areas linked to each other (controls to every catalogue they name,
// risks to assets and controls, the approved SoA filled from real control links).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoResult } from '../../src/demo/seed.js';
import { DEMO_REQUIREMENT_KEYS } from '../../src/isms/controls/demo.js';
import { DEMO_RISK_LINKS } from '../../src/isms/controls/demo/risk-links.js';
import { DEMO_CONTROLS } from '../../src/isms/controls/demo.js';
import { DEMO_RISKS } from '../../src/isms/risks/demo-data.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

interface Cell {
  count: number;
  band: string;
}

describe.each(dialects())('the ISMS core demo on %s', (dialect) => {
  let t: TestApp;
  let demo: DemoResult;
  let auth: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    demo = await seedDemo({ ...t.ctx(), actor: null });
    auth = (await t.bearer('security_officer')).authorization;
  }, 120_000);
  afterAll(async () => t.close());

  const get = async <T>(path: string): Promise<T> => {
    const res = await t.request(path, { headers: { authorization: auth } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  it('seeds each area to the size the issue names', () => {
    expect(demo.isms).toMatchObject({ frameworks: 5, assets: 60, risks: 40, controls: 120, soa_controls: 93 });
    expect(demo.isms.policies).toBe(8);
  });

  it('maps every demo control link to a requirement of a loaded catalogue', async () => {
    const { items } = await get<{ items: { id: string }[] }>('/api/v1/frameworks');
    expect(items.map((f) => f.id).sort()).toEqual(['dora', 'dora-rts-2024-1774', 'gdpr', 'iso27001-2022', 'pci-dss-4.0.1']);
    const frameworks = new Set(DEMO_REQUIREMENT_KEYS.map((k) => k.slice(0, k.indexOf(':'))));
    expect([...frameworks].sort()).toEqual(['dora', 'gdpr', 'iso27001-2022', 'pci-dss-4.0.1']);
    // Each key resolves: filtering controls by it finds at least one.
    for (const key of DEMO_REQUIREMENT_KEYS) {
      const { total } = await get<{ total: number }>(`/api/v1/controls?requirement=${encodeURIComponent(key)}&limit=1`);
      expect(total, key).toBeGreaterThan(0);
    }
  });

  it('spreads the risks over the heatmap, several bands before and after treatment', async () => {
    const h = await get<{ inherent: Cell[]; residual: Cell[]; total: number }>('/api/v1/risks/heatmap');
    const bands = (cells: Cell[]) => new Set(cells.filter((c) => c.count > 0).map((c) => c.band));
    expect(bands(h.inherent).size).toBeGreaterThanOrEqual(3);
    expect(bands(h.residual).size).toBeGreaterThanOrEqual(3);
    expect(h.inherent.filter((c) => c.count > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('links demo risks to the controls that treat them, and to demo assets', async () => {
    const titles = new Set(DEMO_RISKS.map((r) => r.title));
    const controlTitles = new Set(DEMO_CONTROLS.map((c) => c.t));
    for (const [control, risks] of Object.entries(DEMO_RISK_LINKS)) {
      expect(controlTitles.has(control), control).toBe(true);
      for (const r of risks) expect(titles.has(r), r).toBe(true);
    }
    const { items } = await get<{ items: { id: string; title: string; asset_ids: string[] }[] }>('/api/v1/risks?limit=100');
    expect(items).toHaveLength(40);
    expect(items.filter((r) => r.asset_ids.length > 0).length).toBeGreaterThanOrEqual(30);
    const vault = items.find((r) => r.title === 'Card data exfiltrated from the tokenisation vault')!;
    const treating = await get<{ items: { title: string }[] }>(`/api/v1/controls?risk=${vault.id}&limit=50`);
    expect(treating.items.map((c) => c.title).sort()).toEqual(['Card tokenisation', 'HSM-backed key management']);
  });

  it('has an approved SoA over all 93 Annex A controls, each implemented by a real control', async () => {
    const soa = await get<{ items: { control_id: string; applicable: boolean; justification: string | null; implemented_by: unknown[] }[] }>('/api/v1/soa');
    expect(soa.items).toHaveLength(93);
    for (const row of soa.items) {
      expect(row.justification, row.control_id).toBeTruthy();
      if (row.applicable) expect(row.implemented_by.length, row.control_id).toBeGreaterThan(0);
    }
    const versions = await get<{ items: { number: number; status: string; approval: { name: string } | null }[] }>('/api/v1/soa/versions');
    const approved = versions.items.find((v) => v.status === 'approved');
    expect(approved?.approval?.name).toBe('Jussi Heinonen');
  });

  it('seeds nothing more the second time', async () => {
    const again = await seedDemo({ ...t.ctx(), actor: null });
    expect(again.isms).toEqual(demo.isms);
  });
});
