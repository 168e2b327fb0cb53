// The foundation through a real browser over real TLS: sign in, enrol MFA, add a person,
// find the audit event. Screenshots of each page land in test-output/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users-service.js';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { startServer, type Running } from '../../src/server.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

const PASSWORD = 'a long and careful passphrase';

describe.runIf(browserAvailable())('the foundation in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    await createUser({ db: s.db, clock: s.clock, actor: systemActor('e2e') }, { email: 'sofia.security@example.test', name: 'Sofia Security', role: 'security_officer', password: PASSWORD });
    browser = await launch();
    // The certificate is the self-signed one Kilpi made on first start; the test trusts it explicitly.
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  }, 60_000);

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

  it('serves over TLS with the printed certificate', () => {
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(running.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('signs in and is sent to enrol MFA, as a security officer must', async () => {
    await page.goto(url('/people'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, '01-sign-in');
    await expectAccessible('sign-in');
    await page.getByLabel('Email').fill('sofia.security@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await expect.poll(() => page.locator('img.qr').count()).toBe(1);
    await screenshot(page, '02-mfa-enrol');
    await expectAccessible('mfa enrolment');
  });

  it('enrols with a code from the shown secret and gets recovery codes once', async () => {
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await screenshot(page, '03-recovery-codes');
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/people');
  });

  it('adds a person through the form', async () => {
    await page.goto(url('/people/new'));
    await screenshot(page, '04-person-form');
    await expectAccessible('person form');
    const form = page.locator('main form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Aino Virtanen');
    await form.getByRole('textbox', { name: 'Email', exact: true }).fill('aino.virtanen@example.test');
    await form.getByRole('textbox', { name: 'Title', exact: true }).fill('Payments engineer');
    await form.getByRole('button', { name: /save|add|create/i }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Aino Virtanen');
    await screenshot(page, '05-person-detail');
    await expectAccessible('person detail');
    await page.goto(url('/people'));
    await expect.poll(() => page.getByRole('link', { name: 'Aino Virtanen' }).count()).toBe(1);
    await screenshot(page, '06-people-list');
    await expectAccessible('people list');
  });

  it('finds the audit event for the new person, with who did it', async () => {
    await page.goto(url('/audit?action=person.create'));
    await screenshot(page, '07-audit-trail');
    await expectAccessible('audit trail');
    const row = page.locator('tbody tr').filter({ hasText: 'sofia.security@example.test' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/audit\/[0-9a-f-]{36}$/);
    const text = await page.locator('main').textContent();
    expect(text).toContain('person.create');
    expect(text).toContain('Aino Virtanen');
    await screenshot(page, '08-audit-event');
    await expectAccessible('audit event');
  });

  it('shows a dashboard with the real count of people', async () => {
    await page.goto(url('/'));
    await screenshot(page, '09-dashboard');
    await expectAccessible('dashboard');
    const active = page.locator('.stat').filter({ hasText: 'Active people' }).locator('.stat-value');
    expect(await active.textContent()).toBe('1');
  });
});
