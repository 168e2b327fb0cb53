// The Statement of Applicability in Chromium: an administrator signs in with two-step verification,
// reads the SoA, edits a row inline (htmx), filters, approves the draft version, compares versions and
// downloads an export. axe-core checks every page; screenshots land in test-output/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTotpDirectly } from '../../src/auth/mfa-service.js';
import { createUser } from '../../src/auth/users-service.js';
import { loadConfig } from '../../src/config.js';
import { systemActor, type Ctx } from '../../src/core/context.js';
import { newId } from '../../src/core/ids.js';
import { demoEmail } from '../../src/demo/seed.js';
import { createPerson } from '../../src/isms/people/service.js';
import { seedSoa } from '../../src/isms/soa/demo.js';
import type { ControlRow } from '../../src/isms/tables.js';
import { startServer, type Running } from '../../src/server.js';
import { ANNEX_A_TITLES } from '../isms/soa/annex-a.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

const PASSWORD = 'a long and careful passphrase';

/** Controls of ours, each linked to a few Annex A controls, in a spread of statuses. */
const CONTROLS: [string, string, ControlRow['level'], ControlRow['status'], string[]][] = [
  ['CTL-001', 'Information security policy', 'principle', 'implemented', ['A.5.1', 'A.5.2', 'A.5.4', 'A.5.36']],
  ['CTL-002', 'Access control policy and quarterly reviews', 'practice', 'implemented', ['A.5.15', 'A.5.18', 'A.8.2', 'A.8.3']],
  ['CTL-003', 'Single sign-on with phishing-resistant MFA', 'technical', 'implemented', ['A.5.16', 'A.5.17', 'A.8.5']],
  ['CTL-004', 'Supplier security assessment', 'practice', 'in_progress', ['A.5.19', 'A.5.20', 'A.5.21', 'A.5.22']],
  ['CTL-005', 'AWS landing zone guardrails', 'technical', 'implemented', ['A.5.23', 'A.8.9', 'A.8.20', 'A.8.22', 'A.8.31']],
  ['CTL-006', 'Incident response plan with regulatory clocks', 'practice', 'implemented', ['A.5.24', 'A.5.25', 'A.5.26', 'A.5.5']],
  ['CTL-007', 'Post-incident reviews', 'instruction', 'planned', ['A.5.27']],
  ['CTL-008', 'Encrypted, restore-tested database backups', 'technical', 'implemented', ['A.8.13', 'A.5.29', 'A.5.30']],
  ['CTL-009', 'Central tamper-evident logging', 'technical', 'implemented', ['A.8.15', 'A.8.16', 'A.8.17', 'A.5.28']],
  ['CTL-010', 'Vulnerability scanning in CI and production', 'technical', 'in_progress', ['A.8.8', 'A.8.29']],
  ['CTL-011', 'Managed laptops: disk encryption and EDR', 'technical', 'implemented', ['A.8.1', 'A.8.7', 'A.7.9', 'A.7.10']],
  ['CTL-012', 'Code review and protected branches', 'practice', 'implemented', ['A.8.4', 'A.8.25', 'A.8.28', 'A.8.32']],
  ['CTL-013', 'Security awareness training', 'practice', 'implemented', ['A.6.3', 'A.6.8']],
  ['CTL-014', 'Joiner and leaver checklist', 'instruction', 'implemented', ['A.5.11', 'A.6.1', 'A.6.2', 'A.6.5', 'A.6.6']],
  ['CTL-015', 'Cryptography standard after M72B', 'principle', 'implemented', ['A.8.24', 'A.5.14']],
  ['CTL-016', 'PAN tokenisation and masking', 'technical', 'implemented', ['A.8.11', 'A.8.12', 'A.5.12']],
  ['CTL-017', 'Office access and visitor log', 'instruction', 'implemented', ['A.7.1', 'A.7.2', 'A.7.3', 'A.7.7']],
  ['CTL-018', 'Threat intelligence feeds into detection', 'technical', 'not_started', ['A.5.7']],
];

describe.runIf(browserAvailable())('the Statement of Applicability in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let totp: TOTP;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-soa-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    const ctx: Ctx = { db: s.db, clock: s.clock, actor: systemActor('e2e') };
    for (const [name, title, role] of [
      ['Jussi Heinonen', 'Head of IT and Platform', 'admin'],
      ['Juha Korhonen', 'Chief Information Security Officer', 'security_officer'],
    ] as const) {
      await createPerson(ctx, { name, email: demoEmail(name), title, status: 'active' });
      const { user } = await createUser(ctx, { name, email: demoEmail(name), role, password: PASSWORD });
      if (role === 'admin') totp = new TOTP({ secret: (await enrolTotpDirectly(ctx, s.secretKey, user.id)).secret, digits: 6, period: 30, algorithm: 'SHA1' });
    }
    // Annex A and our controls straight into the shared tables, unless a catalogue loader put it there.
    const now = s.clock.now().toISOString();
    const have = await s.db.selectFrom('frameworks').select('id').where('id', '=', 'iso27001-2022').executeTakeFirst();
    if (!have) {
      await s.db
        .insertInto('frameworks')
        .values({ id: 'iso27001-2022', name: 'ISO/IEC 27001:2022', version: '2022', source: 'https://www.iso.org/standard/27001', publisher: 'ISO/IEC', description: null, origin: 'bundled', content_hash: 'e2e', created_at: now, updated_at: now })
        .execute();
      await s.db
        .insertInto('requirements')
        .values(ANNEX_A_TITLES.map(([ref, title], i) => ({ id: newId(), framework_id: 'iso27001-2022', ref, title, kind: 'control', group_ref: ref.slice(0, 3), parent_ref: null, paraphrase: '-', attributes: '{}', licensed_text: null, sort_order: i, created_at: now, updated_at: now })))
        .execute();
    }
    const reqs = new Map((await s.db.selectFrom('requirements').select(['id', 'ref']).where('framework_id', '=', 'iso27001-2022').execute()).map((r) => [r.ref, r.id]));
    for (const [ref, title, level, status, links] of CONTROLS) {
      const id = newId();
      await s.db.insertInto('controls').values({ id, ref, title, description: null, level, owner_id: null, status, review_interval_days: 365, last_reviewed: null, next_review: null, search_key: title.toLowerCase(), created_at: now, updated_at: now }).execute();
      for (const r of links) if (reqs.has(r)) await s.db.insertInto('control_requirements').values({ control_id: id, requirement_id: reqs.get(r)! }).execute();
    }
    await seedSoa(ctx);
    browser = await launch();
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const url = (path: string) => new URL(path, running.url).toString();
  async function expectAccessible(name: string) {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), name).toEqual([]);
  }

  it('signs the administrator in with two-step verification and shows the SoA grouped by theme', async () => {
    await page.goto(url('/soa'));
    await page.getByLabel('Email').fill(demoEmail('Jussi Heinonen'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/login\/mfa/);
    await page.getByLabel('Code').fill(totp.generate());
    await page.getByRole('button', { name: /verify/i }).click();
    await page.waitForURL((u) => u.pathname === '/soa');
    expect(await page.locator('h1').textContent()).toBe('Statement of Applicability');
    expect(await page.locator('tr.soa-theme').count()).toBe(4);
    expect(await page.locator('tbody tr[id^="row-"]').count()).toBe(93);
    expect(await page.locator('.soa-approval').textContent()).toContain('Version 1 is the approved SoA.');
    await screenshot(page, 'soa-01-list');
    await expectAccessible('soa list');
  });

  it('edits a row in place with htmx, without leaving the page', async () => {
    const row = page.locator('#row-A\\.5\\.27');
    await row.getByRole('link', { name: 'Edit A.5.27' }).click();
    const form = page.locator('tr.soa-editing form');
    await expect.poll(() => form.count()).toBe(1);
    await screenshot(page, 'soa-02-inline-edit');
    await expectAccessible('inline edit');
    await form.getByLabel('Justification').fill('Every significant incident ends with a blameless review; its actions enter the improvement backlog.');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('tr.soa-editing').count()).toBe(0);
    expect(await page.locator('#row-A\\.5\\.27').textContent()).toContain('blameless review');
    expect(new URL(page.url()).pathname).toBe('/soa');
  });

  it('filters by status and gaps, keeping the filter in the URL', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('not_implemented');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=not_implemented/);
    const shown = await page.locator('tbody tr[id^="row-"]').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(93);
    await screenshot(page, 'soa-03-filtered');
    await expectAccessible('filtered list');
  });

  it('approves the draft version as the Head of IT, and the version page says so', async () => {
    await page.goto(url('/soa/versions'));
    await screenshot(page, 'soa-04-versions');
    await expectAccessible('versions');
    await page.getByRole('link', { name: 'Version 2', exact: true }).click();
    await page.waitForURL(/\/soa\/versions\/2$/);
    await screenshot(page, 'soa-05-version-draft');
    await expectAccessible('draft version');
    expect(await page.getByLabel('Approving as').inputValue()).toBe('Head of IT and Platform');
    const ack = page.getByLabel(/I have reviewed the \d+ rows with gaps/);
    if (await ack.count()) await ack.check();
    await page.getByRole('button', { name: 'Approve version 2' }).click();
    await page.waitForURL(/\/soa\/versions\/2\?approved=1$/);
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('Jussi Heinonen, Head of IT and Platform');
    expect(await page.getByRole('button', { name: 'Approve version 2' }).count()).toBe(0);
    await screenshot(page, 'soa-06-version-approved');
    await expectAccessible('approved version');
  });

  it('compares version 1 with version 2', async () => {
    await page.goto(url('/soa/versions/1/diff/2'));
    const text = await page.locator('main').textContent();
    expect(text).toContain('A.8.30');
    expect(text).toContain('Outsourced development');
    await screenshot(page, 'soa-07-diff');
    await expectAccessible('diff');
  });

  it('shows one control with its basis and history, and downloads the PDF', async () => {
    await page.goto(url('/soa/A.5.27'));
    expect(await page.locator('main').textContent()).toContain('blameless review');
    await screenshot(page, 'soa-08-control');
    await expectAccessible('control page');
    await page.goto(url('/soa/versions/2'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('statement-of-applicability-v2.pdf');
  });

  it('reads in Finnish', async () => {
    await page.goto(url('/soa/versions'));
    await page.getByRole('button', { name: 'Suomi' }).click();
    await page.waitForURL((u) => u.pathname === '/soa/versions');
    expect(await page.locator('h1').textContent()).toBe('Soveltamislausunnon versiot');
    await page.goto(url('/soa?theme=A.7'));
    expect(await page.locator('h1').textContent()).toBe('Soveltamislausunto');
    await screenshot(page, 'soa-09-finnish');
    await expectAccessible('Finnish list');
  });
});
