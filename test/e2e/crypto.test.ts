// The crypto policy area through a real browser over real TLS: the list with the demo policy, the
// baseline's rules, copying it, tightening a rule (and being told off for loosening one).
// Screenshots land in test-output/screenshots; axe-core checks each page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users-service.js';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { seedCrypto } from '../../src/isms/crypto/demo.js';
import { startServer, type Running } from '../../src/server.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

const PASSWORD = 'a long and careful passphrase';

describe.runIf(browserAvailable())('crypto policies in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-crypto-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    const ctx = { db: s.db, clock: s.clock, actor: systemActor('e2e') };
    await createUser(ctx, { email: 'sofia.security@example.test', name: 'Sofia Security', role: 'security_officer', password: PASSWORD });
    await seedCrypto(ctx);
    browser = await launch();
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
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

  it('signs in as a security officer, enrolling MFA', async () => {
    await page.goto(url('/crypto'));
    await page.getByLabel('Email').fill('sofia.security@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    await page.getByLabel(/code/i).first().fill(new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate());
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/crypto');
  });

  it('lists the baseline and the organisation’s demo policy', async () => {
    await page.goto(url('/crypto'));
    await expect.poll(() => page.getByRole('link', { name: 'Esimerkki crypto policy' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'M72B / ST IV cryptography baseline' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'crypto-01-list');
    await expectAccessible('crypto list');
  });

  it('shows the baseline’s rules grouped by kind, with severity and sources', async () => {
    await page.goto(url('/crypto/m72b-st4'));
    await expect.poll(() => page.locator('th[scope=colgroup]').count()).toBe(9);
    expect(await page.locator('#rule-rsa-key-size .pill').textContent()).toBe('Warning');
    await screenshot(page, 'crypto-02-baseline');
    await expectAccessible('baseline detail');
  });

  it('shows the demo policy: stricter than the baseline, with its added TLS 1.3-only rule', async () => {
    await page.getByRole('link', { name: 'Crypto policies' }).first().click();
    await page.getByRole('link', { name: 'Esimerkki crypto policy' }).click();
    await page.waitForURL(/\/crypto\/[0-9a-f-]{36}$/);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('At least as strict as M72B / ST IV cryptography baseline');
    expect(main).toContain('Merchant API: TLS 1.3 only (preferred)');
    await screenshot(page, 'crypto-03-demo-policy');
    await expectAccessible('demo policy');
  });

  it('copies the baseline and tightens RSA to 4096 bits, refusing a loosening first', async () => {
    await page.goto(url('/crypto/m72b-st4/copy'));
    await screenshot(page, 'crypto-04-copy-form');
    await expectAccessible('copy form');
    await page.getByRole('textbox', { name: 'Name' }).fill('Card vault crypto policy');
    await page.getByRole('textbox', { name: 'Applies to' }).fill('AST-002 Card tokenisation vault');
    await page.getByRole('button', { name: 'Make the copy' }).click();
    await page.waitForURL(/\/crypto\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: 'Edit rules' }).click();
    await page.waitForURL(/\/edit$/);
    const rsa = page.locator('#rule-rsa-key-size').getByLabel('Minimum bits');
    await rsa.fill('2048');
    await page.getByRole('button', { name: 'Save as a new revision' }).click();
    await expect.poll(() => page.locator('.alert--error').count()).toBe(1);
    expect(await page.locator('.alert--error').textContent()).toContain('Rule rsa-key-size: 2048 bits is below the baseline’s 3072 bits.');
    await screenshot(page, 'crypto-05-edit-refused');
    await expectAccessible('edit form with errors');
    await page.locator('#rule-rsa-key-size').getByLabel('Minimum bits').fill('4096');
    await page.getByRole('button', { name: 'Save as a new revision' }).click();
    await page.waitForURL(/\/crypto\/[0-9a-f-]{36}$/);
    expect(await page.locator('#rule-rsa-key-size').textContent()).toContain('RSA ≥ 4096 bits');
    expect(await page.locator('main').textContent()).toContain('Organisation policy, revision 2');
    await screenshot(page, 'crypto-06-tightened');
    await expectAccessible('tightened policy');
  });
});
