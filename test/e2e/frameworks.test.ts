// Frameworks through a real browser over real TLS: the catalogue list, ISO/IEC 27001:2022 with its
// requirements, a requirement with licensed text, and an OSCAL import with its preview.
// Screenshots land in test-output/screenshots; axe-core checks every page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users-service.js';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { startServer, type Running } from '../../src/server.js';
import { buildOscal } from '../isms/frameworks/factories.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

const PASSWORD = 'a long and careful passphrase';

describe.runIf(browserAvailable())('frameworks in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-fw-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    await createUser({ db: s.db, clock: s.clock, actor: systemActor('e2e') }, { email: 'frida.frameworks@example.test', name: 'Frida Frameworks', role: 'security_officer', password: PASSWORD });
    browser = await launch();
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

  it('signs in as a security officer (enrolling MFA)', async () => {
    await page.goto(url('/frameworks'));
    await page.getByLabel('Email').fill('frida.frameworks@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/frameworks');
  });

  it('lists the catalogues with their counts', async () => {
    await page.goto(url('/frameworks'));
    await expect.poll(() => page.getByRole('link', { name: 'ISO/IEC 27001:2022' }).count()).toBe(1);
    await screenshot(page, 'frameworks-01-list');
    await expectAccessible('frameworks list');
  });

  it('shows ISO/IEC 27001:2022 with coverage per group and filters the requirements', async () => {
    await page.getByRole('link', { name: 'ISO/IEC 27001:2022' }).click();
    await page.waitForURL(/\/frameworks\/iso27001-2022$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('ISO/IEC 27001:2022');
    await screenshot(page, 'frameworks-02-iso');
    await expectAccessible('framework page');
    await page.locator('#f-group').selectOption('A.8');
    await page.locator('#f-q').fill('backup');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/group=A\.8/);
    await expect.poll(() => page.locator('.table-wrap tbody tr').count()).toBe(1);
    await screenshot(page, 'frameworks-03-filtered');
    await expectAccessible('filtered requirements');
  });

  it('keeps licensed text for a requirement', async () => {
    await page.getByRole('link', { name: 'A.8.13' }).click();
    await page.waitForURL(/\/requirements\/A\.8\.13$/);
    await screenshot(page, 'frameworks-04-requirement');
    await expectAccessible('requirement page');
    await page.getByLabel('Licensed text').fill('The wording from our own licensed copy goes here.\n\nA second paragraph.');
    await page.getByRole('button', { name: 'Save text' }).click();
    await page.waitForURL(/saved=1/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The licensed text was saved.');
    await screenshot(page, 'frameworks-05-licensed-text');
    await expectAccessible('requirement with licensed text');
  });

  it('imports an OSCAL catalog after a preview', async () => {
    await page.goto(url('/frameworks/import'));
    await screenshot(page, 'frameworks-06-import');
    await expectAccessible('import form');
    const file = join(dataDir, 'acme.json');
    writeFileSync(file, JSON.stringify(buildOscal()));
    await page.getByLabel('OSCAL catalog file').setInputFiles(file);
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Import preview');
    await screenshot(page, 'frameworks-07-import-preview');
    await expectAccessible('import preview');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/frameworks\/acme-security-baseline\?added=3/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('3 added');
    await screenshot(page, 'frameworks-08-imported');
    await expectAccessible('imported framework');
  });
});
