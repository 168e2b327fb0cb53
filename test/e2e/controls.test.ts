// Controls through a real browser over TLS, on the demo organisation: the list with its chart, a
// control's detail with "no evidence yet", recording a review, adding a control with the link
// picker. axe-core checks each page; screenshots land in test-output/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { seedDemo } from '../../src/demo/seed.js';
import { startServer, type Running } from '../../src/server.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

describe.runIf(browserAvailable())('controls in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-controls-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    // The bundled catalogues loaded at start; the whole demo (assets and risks too) links to them.
    await seedDemo({ db: s.db, clock: s.clock, actor: systemActor('demo') });
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

  it('signs in as the demo security officer and enrols MFA', async () => {
    await page.goto(url('/controls'));
    await page.getByLabel('Email').fill('juha.korhonen@esimerkki.example');
    await page.getByLabel('Password').fill('demo-security-2026!');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/controls');
  }, 60_000);

  it('lists the 120 demo controls with level counts, the chart and review figures', async () => {
    await page.goto(url('/controls'));
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBe(50);
    expect(await page.locator('.toolbar').textContent()).toContain('120 controls');
    expect(await page.locator('#f-level option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Principle \(policy\) \(\d+\)$/), expect.stringMatching(/^Technical solution \(40\)$/)]),
    );
    expect(await page.locator('svg.chart-svg').count()).toBe(1);
    await screenshot(page, 'controls-01-list');
    await expectAccessible('controls list');
    await page.locator('#f-level').selectOption('technical');
    await page.locator('#f-q').fill('backup');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/level=technical/);
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'controls-02-list-filtered');
    await expectAccessible('filtered list');
  });

  it('shows a control with "no evidence yet", its requirements by framework, and records a review', async () => {
    await page.getByRole('link', { name: 'Encrypted database backups' }).click();
    await page.waitForURL(/\/controls\/[0-9a-f-]{36}$/);
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('No evidence yet');
    expect(await main.textContent()).toContain('No evidence is linked to this control yet.');
    expect(await page.locator('main h3').allTextContents()).toEqual(expect.arrayContaining(['ISO/IEC 27001:2022', 'Digital Operational Resilience Act (DORA)', 'PCI DSS v4.0.1']));
    expect(await main.textContent()).toContain('Core payments database');
    await screenshot(page, 'controls-03-detail');
    await expectAccessible('control detail');
    // The signed-in person is the default reviewer.
    expect(await page.locator('#f-reviewer_id option:checked').textContent()).toContain('Juha Korhonen');
    await page.getByLabel('Note').fill('Checked the snapshot encryption keys and the last restore test.');
    await page.getByRole('button', { name: 'Record review' }).click();
    await page.waitForURL(/reviewed=1/);
    await expect.poll(() => page.locator('.alert--ok').textContent()).toContain('Review recorded.');
    expect(await main.textContent()).toContain('Checked the snapshot encryption keys');
    await screenshot(page, 'controls-04-reviewed');
    await expectAccessible('control reviewed');
  });

  it('adds a control: the picker shows what keys resolve to and names the unknown ones', async () => {
    await page.goto(url('/controls/new'));
    await expectAccessible('control form');
    const form = page.locator('main form');
    await form.getByRole('textbox', { name: 'Title', exact: true }).fill('Quarterly firewall rule review');
    await form.getByLabel('Description').fill('Network engineers review every security group rule each quarter and remove the unused ones.');
    await form.getByLabel(/Practice/).check();
    await page.locator('#f-owner_id').selectOption({ label: 'Lauri Salonen (lauri.salonen@esimerkki.example)' });
    await form.getByLabel('Requirements met').fill('iso27001-2022:A.8.20\ndora:Art.9, pci-dss-4.0.1:1.2\niso27001-2022:A.99.1');
    await form.getByLabel('Assets protected').fill('AST-014 AST-016');
    await page.getByRole('button', { name: 'Check links' }).click();
    await expect.poll(() => main(page).textContent()).toContain('Networks security');
    expect(await main(page).textContent()).toContain('Not found');
    await screenshot(page, 'controls-05-form-checked');
    await expectAccessible('control form checked');
    await page.getByRole('button', { name: 'Add control' }).click();
    await expect.poll(() => page.locator('.alert--error').textContent()).toContain('iso27001-2022:A.99.1: no loaded framework has this requirement.');
    await screenshot(page, 'controls-06-form-error');
    await expectAccessible('control form error');
    await form.getByLabel('Requirements met').fill('iso27001-2022:A.8.20\ndora:Art.9, pci-dss-4.0.1:1.2');
    await page.getByRole('button', { name: 'Add control' }).click();
    await page.waitForURL(/\/controls\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Quarterly firewall rule review');
    expect(await page.locator('.page-header .subtitle').textContent()).toContain('CTL-121');
    await screenshot(page, 'controls-07-created');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    await screenshot(page, 'controls-08-edit');
    await expectAccessible('control edit');
  });

  it('speaks Finnish', async () => {
    await page.context().addCookies([{ name: 'lang', value: 'fi', url: running.url }]);
    await page.goto(url('/controls?review=overdue'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hallintakeinot');
    await screenshot(page, 'controls-09-list-fi');
    await expectAccessible('finnish list');
  });
});

const main = (page: Page) => page.locator('main');
