// Scope, context and objectives through a real browser over TLS, on the demo organisation: every
// page passes axe-core, the forms work, a measurement moves the trend. Screenshots: test-output/screenshots/scope-*.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users-service.js';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { seedDemo } from '../../src/demo/seed.js';
import { startServer, type Running } from '../../src/server.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

const PASSWORD = 'a long and careful passphrase';

describe.runIf(browserAvailable())('scope, context and objectives in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-scope-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    const ctx = { db: s.db, clock: s.clock, actor: systemActor('e2e') };
    await seedDemo(ctx);
    await createUser(ctx, { email: 'sofia.scope@example.test', name: 'Sofia Scope', role: 'security_officer', password: PASSWORD });
    browser = await launch();
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
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

  async function visit(path: string, shot: string) {
    await page.goto(url(path));
    await screenshot(page, `scope-${shot}`);
    await expectAccessible(shot);
  }

  it('signs in as a security officer with MFA', async () => {
    await page.goto(url('/scope'));
    await page.getByLabel('Email').fill('sofia.scope@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/scope');
  });

  it('shows the scope with its boundaries, review clock, objectives overview and history', async () => {
    await visit('/scope', '01-overview');
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('Payment gateway and merchant API');
    expect(await main.textContent()).toContain('Physical security of the cloud provider’s data centres');
    expect(await page.locator('.bullets li').count()).toBe(6);
    expect(await page.locator('.pill').filter({ hasText: 'Scheduled' }).count()).toBe(1);
  });

  it('edits the scope statement and shows the new version', async () => {
    await visit('/scope/edit', '02-edit');
    const statement = page.locator('#f-statement');
    await statement.fill(`${await statement.inputValue()}\n\nReviewed in the browser test.`);
    await page.locator('#f-locations').fill('Helsinki office (head office)\nAWS eu-north-1, Stockholm (primary production)\nTampere satellite office');
    await page.getByRole('button', { name: 'Save the scope' }).click();
    await page.waitForURL(/\/scope\?saved=1$/);
    expect(await page.locator('.alert--ok').textContent()).toContain('version 2');
    expect(await page.locator('main').textContent()).toContain('Tampere satellite office');
    await screenshot(page, 'scope-03-saved');
  });

  it('keeps a bad save on the form with errors beside the fields', async () => {
    await page.goto(url('/scope/edit'));
    await page.locator('#f-statement').fill('');
    await page.getByLabel('Justification').first().fill('');
    await page.getByRole('button', { name: 'Save the scope' }).click();
    await expect.poll(() => page.locator('.alert--error li').count()).toBe(2);
    await screenshot(page, 'scope-04-errors');
    await expectAccessible('scope form with errors');
  });

  it('lists context issues, filters them, opens one and adds another', async () => {
    await visit('/scope/context', '05-context');
    expect(await page.locator('tbody tr').count()).toBe(8);
    await page.getByLabel('Category').selectOption('regulatory');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/category=regulatory/);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('link', { name: 'DORA applies from 17 January 2025' }).click();
    await page.waitForURL(/\/scope\/context\/[0-9a-f-]{36}$/);
    await screenshot(page, 'scope-06-issue');
    await expectAccessible('issue detail');
    await visit('/scope/context/new', '07-issue-form');
    await page.getByLabel('Title').fill('Key engineer leaving');
    await page.getByLabel('Internal or external').selectOption('internal');
    await page.getByLabel('Category', { exact: true }).selectOption('organisational');
    await page.getByLabel('Description').fill('The only person who knows the settlement engine in depth leaves in spring.');
    await page.getByRole('button', { name: 'Add issue' }).click();
    await page.waitForURL(/\/scope\/context\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('CTX-009');
  });

  it('lists interested parties and shows one with its requirements', async () => {
    await visit('/scope/parties', '08-parties');
    expect(await page.locator('tbody tr').count()).toBe(8);
    await page.getByRole('link', { name: 'Cardholders and merchant contacts' }).click();
    await page.waitForURL(/\/scope\/parties\/[0-9a-f-]{36}$/);
    expect(await page.locator('.pill').filter({ hasText: 'Outside the ISMS' }).count()).toBe(1);
    await screenshot(page, 'scope-09-party');
    await expectAccessible('party detail');
  });

  it('lists objectives with status, trends and filters', async () => {
    await visit('/scope/objectives', '10-objectives');
    expect(await page.locator('tbody tr').count()).toBe(6);
    expect(await page.locator('tbody svg.spark').count()).toBe(6);
    await page.locator('.status-counts a').filter({ hasText: 'Missed' }).click();
    await page.waitForURL(/status=missed/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').textContent()).toContain('Access reviews completed on time');
  });

  it('records a measurement with a decimal comma and shows it in the trend and history', async () => {
    await page.goto(url('/scope/objectives?q=phishing'));
    await page.getByRole('link', { name: 'Phishing click rate at 5% or lower' }).click();
    await page.waitForURL(/\/scope\/objectives\/[0-9a-f-]{36}$/);
    await screenshot(page, 'scope-11-objective');
    await expectAccessible('objective detail');
    const before = await page.locator('svg.trend .trend-point').count();
    await page.getByLabel('Value').fill('4,6');
    await page.getByLabel('Note').fill('November simulation');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.waitForURL(/recorded=1$/);
    expect(await page.locator('#basis-h .pill').textContent()).toBe('Met');
    expect(await page.locator('svg.trend .trend-point').count()).toBe(before + 1);
    expect(await page.locator('main').textContent()).toContain('4.6%');
    await screenshot(page, 'scope-12-recorded');
  });

  it('speaks Finnish', async () => {
    await page.goto(url('/scope/objectives'));
    await page.getByRole('button', { name: 'Suomi' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tietoturvatavoitteet');
    await screenshot(page, 'scope-13-objectives-fi');
    await expectAccessible('objectives in Finnish');
    await visit('/scope', '14-overview-fi');
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('fits a narrow screen', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    await visit('/scope/objectives', '15-objectives-narrow');
    await visit('/scope', '16-overview-narrow');
  });
});
