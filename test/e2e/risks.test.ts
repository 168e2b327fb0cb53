// The risk register through a real browser over TLS, on the demo organisation: the list, the
// heatmaps and trend, a risk's page with acceptance by its owner, adding a risk, the matrix, Finnish.
// Screenshots land in test-output/screenshots; axe-core checks each page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { seedDemo, type DemoResult } from '../../src/demo/seed.js';
import { DEMO_RISKS } from '../../src/isms/risks/demo-data.js';
import { startServer, type Running } from '../../src/server.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

describe.runIf(browserAvailable())('the risk register in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let demo: DemoResult;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-risks-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    demo = await seedDemo({ db: s.db, clock: s.clock, actor: systemActor('e2e') });
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

  it('signs in as the CISO and enrols MFA', async () => {
    const ciso = demo.users.find((u) => u.role === 'security_officer')!;
    await page.goto(url('/risks'));
    await page.getByLabel('Email').fill(ciso.email);
    await page.getByLabel('Password').fill(ciso.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/risks');
  }, 60_000);

  it('lists the register with bands, statuses and filters', async () => {
    await page.goto(url('/risks'));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(DEMO_RISKS.length);
    await screenshot(page, 'risks-01-register');
    await expectAccessible('risk register');
    await page.locator('main').getByLabel('Search').fill('ledger');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=ledger/);
    expect(await page.locator('tbody tr').count()).toBe(3);
  });

  it('shows the inherent and residual heatmaps whose cells open their risks, and the trend', async () => {
    await page.goto(url('/risks/overview'));
    const cells = page.locator('#heat-inherent-t').locator('xpath=..').locator('a.grid-link');
    expect(await cells.count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('.trend-area').count()).toBe(4);
    await screenshot(page, 'risks-02-overview');
    await expectAccessible('risk overview');
    const first = cells.first();
    const count = Number(await first.getAttribute('data-count'));
    await first.click();
    await page.waitForURL(/basis=inherent&likelihood=\d+&impact=\d+/);
    expect(await page.locator('tbody tr').count()).toBe(count);
  });

  it('opens a risk the CISO owns and records his own acceptance within the criteria', async () => {
    await page.goto(url('/risks?q=phishing'));
    await page.getByRole('link', { name: 'Phishing leads to an email account takeover' }).click();
    await page.waitForURL(/\/risks\/[0-9a-f-]{36}$/);
    await screenshot(page, 'risks-03-detail');
    await expectAccessible('risk detail');
    await page.getByText('Record the owner’s acceptance').click();
    await expect.poll(() => page.getByText('You own this risk').count()).toBe(1);
    // Too long for a medium band (180 days): refused, with the field named.
    await page.getByLabel('Accepted until').fill('2099-01-01');
    await page.getByRole('button', { name: 'Record the acceptance' }).click();
    await expect.poll(() => page.locator('#accept-errors').count()).toBe(1);
    await screenshot(page, 'risks-04-acceptance-refused');
    await expectAccessible('acceptance refused');
    // 90 days ahead is within the 180 the medium band allows.
    await page.getByLabel('Accepted until').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Record the acceptance' }).click();
    await page.waitForURL(/#acceptance$/);
    await expect.poll(() => page.locator('#acceptance .pill').first().textContent()).toMatch(/In force|Expiring soon/);
    expect(await page.locator('#acceptance').textContent()).toContain('by the owner');
  });

  it('adds a risk through the form', async () => {
    await page.goto(url('/risks/new'));
    await screenshot(page, 'risks-05-form');
    await expectAccessible('risk form');
    const form = page.locator('main form');
    await form.getByLabel('Title').fill('Merchant webhook endpoint spoofing');
    await form.getByLabel('Owner').selectOption({ label: `Juha Korhonen (${demo.users.find((u) => u.role === 'security_officer')!.email})` });
    await form.getByLabel('Likelihood', { exact: true }).selectOption('3');
    await form.getByLabel('Impact', { exact: true }).selectOption('4');
    await form.getByRole('button', { name: 'Add the risk' }).click();
    await page.waitForURL(/\/risks\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toBe('Merchant webhook endpoint spoofing');
    expect(await page.locator('.eyebrow').textContent()).toContain(`R-0${DEMO_RISKS.length + 1}`);
  });

  it('shows the matrix with its acceptance criteria and refuses a change that strands risks', async () => {
    await page.goto(url('/risks/matrix'));
    await screenshot(page, 'risks-06-matrix');
    await expectAccessible('risk matrix');
    await page.locator('input[name="likelihood.4.en"]').fill('');
    await page.locator('input[name="likelihood.4.fi"]').fill('');
    await page.getByRole('button', { name: 'Save the matrix' }).click();
    await expect.poll(() => page.locator('.alert--error').count()).toBe(1);
    expect(await page.locator('.alert--error').textContent()).toMatch(/R-0\d\d/);
    await expectAccessible('matrix refused');
  });

  it('speaks Finnish', async () => {
    await page.goto(url('/risks/overview'));
    await page.getByRole('button', { name: 'Suomi' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Riskien lämpökartta ja kehitys');
    await screenshot(page, 'risks-07-overview-fi');
    await expectAccessible('overview in Finnish');
    await page.goto(url('/risks'));
    await screenshot(page, 'risks-08-register-fi');
  });
});
