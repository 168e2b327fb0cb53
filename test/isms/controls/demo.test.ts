// The controls demo: 120 controls at four levels covering every Annex A control, the seed's technical
// controls and processes; on every dialect it links what is loaded, reviews, and is idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/demo/seed.js';
import { DEMO_ASSET_REFS, DEMO_CONTROLS, DEMO_REQUIREMENT_KEYS } from '../../../src/isms/controls/demo.js';
import { DEMO_RISK_LINKS } from '../../../src/isms/controls/demo/risk-links.js';
import { controlsOverview } from '../../../src/isms/controls/service.js';
import { ControlsQuery } from '../../../src/isms/controls/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, insertAsset, insertFramework } from './factories.js';

const ANNEX_A = [
  ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
  ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
  ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
];

describe('the controls demo catalogue', () => {
  it('has 120 controls with unique titles across the four levels', () => {
    expect(DEMO_CONTROLS).toHaveLength(120);
    expect(new Set(DEMO_CONTROLS.map((c) => c.t)).size).toBe(120);
    for (const level of ['principle', 'practice', 'instruction', 'technical'] as const) expect(DEMO_CONTROLS.filter((c) => c.l === level).length, level).toBeGreaterThanOrEqual(15);
  });

  it('covers every one of the 93 Annex A controls (the SoA needs an implementing control for each)', () => {
    expect(ANNEX_A).toHaveLength(93);
    const iso = new Set(DEMO_REQUIREMENT_KEYS.filter((k) => k.startsWith('iso27001-2022:')).map((k) => k.slice('iso27001-2022:'.length)));
    expect(ANNEX_A.filter((ref) => !iso.has(ref))).toEqual([]);
    expect([...iso].filter((ref) => !ANNEX_A.includes(ref))).toEqual([]);
  });

  it('maps to DORA articles 5–30, GDPR security articles and PCI DSS sub-requirements in the agreed key forms', () => {
    const keys = DEMO_REQUIREMENT_KEYS;
    const dora = keys.filter((k) => k.startsWith('dora:')).map((k) => Number(/^dora:Art\.(\d+)$/.exec(k)?.[1]));
    expect(dora.length).toBeGreaterThan(10);
    expect(dora.every((n) => n >= 5 && n <= 30)).toBe(true);
    expect(keys.filter((k) => k.startsWith('gdpr:')).every((k) => /^gdpr:Art\.(5|24|25|28|30|32|33|34|35)$/.test(k))).toBe(true);
    const pci = keys.filter((k) => k.startsWith('pci-dss-4.0.1:'));
    expect(pci.length).toBeGreaterThan(30);
    expect(pci.every((k) => /^pci-dss-4\.0\.1:\d{1,2}\.\d{1,2}$/.test(k))).toBe(true);
    expect(keys.every((k) => /^(iso27001-2022|dora|gdpr|pci-dss-4\.0\.1):/.test(k))).toBe(true);
    expect(DEMO_ASSET_REFS.every((r) => /^AST-0(0[1-9]|1\d|20)$/.test(r))).toBe(true);
  });

  it('includes the seed’s technical controls and processes', () => {
    const titles = DEMO_CONTROLS.map((c) => c.t);
    for (const t of [
      'Encrypted workstation disks',
      'Malware protection on workstations',
      'Protected version control',
      'Backed-up version control',
      'Code review of every change',
      'Automated dependency and image scanning',
      'Cryptography after Traficom M72',
      'Separate development, test and production environments',
      'Hardened images and cluster baseline',
      'Encrypted database backups',
      'Centralised log collection',
      'Verified log integrity',
      'Production monitoring and alerting',
      'Anomaly and intrusion detection',
      'Malware protection in technical environments',
      'Regular external security audits',
      'Periodic access reviews',
      'Procurement security review',
      'Access request and approval',
      'Change management process',
      'Incident management process',
      'Asset management process',
    ]) {
      expect(titles, t).toContain(t);
    }
  });
});

describe.each(dialects())('the controls demo on %s', (dialect) => {
  let t: TestApp;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false });
    // Stand-ins for what the frameworks and assets demos load: every key and reference the controls name.
    const byFramework = new Map<string, string[]>();
    for (const k of DEMO_REQUIREMENT_KEYS) {
      const [fw, ref] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
      byFramework.set(fw, [...(byFramework.get(fw) ?? []), ref]);
    }
    // One key left out on purpose: the seed must skip what is not loaded.
    for (const [fw, refs] of byFramework) await insertFramework(t, fw, refs.filter((r) => !(fw === 'dora' && r === 'Art.14')));
    for (const ref of DEMO_ASSET_REFS) await insertAsset(t, { ref, name: `Demo asset ${ref}` });
    first = await seedDemo({ ...t.ctx(), actor: null });
  }, 120_000);
  afterAll(async () => t.close());

  it('creates the 120 controls, each with its demo owner, links to what is loaded, and reviews', async () => {
    expect(first.isms).toMatchObject({ controls: 120 });
    const db = t.booted.services.db;
    const rows = await db.selectFrom('controls').select(['ref', 'owner_id']).execute();
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.owner_id !== null)).toBe(true);
    // Requirement and asset links, and the links to the demo risks the controls treat.
    const riskLinks = Object.entries(DEMO_RISK_LINKS).reduce((n, [, risks]) => n + risks.length, 0);
    const expectedLinks = DEMO_CONTROLS.reduce((n, c) => n + c.k.filter((k) => k !== 'dora:Art.14').length + (c.a?.length ?? 0), 0) + riskLinks;
    expect(first.isms.control_links).toBe(expectedLinks);
    expect(first.isms.control_reviews).toBeGreaterThan(90);
    const overview = await controlsOverview(t.ctx(), ControlsQuery.parse({}));
    expect(overview.counts.byReview.overdue).toBeGreaterThan(3);
    expect(overview.counts.byReview.due_soon).toBeGreaterThan(5);
    expect(overview.counts.byReview.on_track).toBeGreaterThan(60);
    expect(overview.items[0]!.ref).toBe('CTL-001');
  });

  it('changes nothing when run again', async () => {
    const before = await counts(t);
    t.clock.advance(3 * 86_400_000);
    const second = await seedDemo({ ...t.ctx(), actor: null });
    expect(second.isms).toEqual(first.isms);
    expect(await counts(t)).toEqual(before);
  });
});
