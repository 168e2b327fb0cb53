// The asset inventory through a real browser over TLS on the demo organisation: list, filters,
// detail with effective values, the form with a refused cycle, and the CSV import with its preview.
// Screenshots land in test-output/screenshots as assets-*.png.
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

describe.runIf(browserAvailable())('the asset inventory in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-assets-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    const ctx = { db: s.db, clock: s.clock, actor: systemActor('e2e') };
    await seedDemo(ctx);
    await createUser(ctx, { email: 'sofia.security@example.test', name: 'Sofia Security', role: 'security_officer', password: PASSWORD });
    browser = await launch();
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
  }, 90_000);

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
  const idOf = async (ref: string) => {
    await page.goto(url(`/assets?q=${ref}`));
    const href = await page.getByRole('link', { name: ref, exact: true }).first().getAttribute('href');
    return href!.split('/').pop()!;
  };

  it('signs in as a security officer with MFA', async () => {
    await page.goto(url('/assets'));
    await page.getByLabel('Email').fill('sofia.security@example.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mfa\/enrol/);
    await page.locator('summary').first().click();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    const code = new TOTP({ secret: secret!, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await page.getByLabel(/code/i).first().fill(code);
    await page.getByRole('button', { name: /confirm|turn on|enable|verify/i }).click();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === '/assets');
  });

  it('lists the demo inventory with its make-up, filters and export', async () => {
    await page.goto(url('/assets'));
    expect(await page.locator('table.data tbody tr').count()).toBe(50);
    expect(await page.locator('main').textContent()).toContain('60 assets');
    expect(await page.locator('figure.chart svg').count()).toBe(2);
    await screenshot(page, 'assets-01-list');
    await expectAccessible('asset list');
    const filters = page.locator('form.filters');
    await filters.getByLabel('Kind').selectOption('information');
    await filters.getByLabel('Classification').selectOption('secret');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/kind=information/);
    const refs = await page.locator('table.data tbody tr td:first-child').allTextContents();
    expect(refs).toEqual(['AST-007', 'AST-039', 'AST-054', 'AST-058']);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain('kind=information');
    await screenshot(page, 'assets-02-filtered');
    await expectAccessible('filtered asset list');
  });

  it('shows an asset with dependencies both ways and the effective values they bring', async () => {
    await page.goto(url(`/assets/${await idOf('AST-014')}`));
    expect(await page.locator('h1').textContent()).toBe('Production Kubernetes cluster');
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Depends on (4)');
    expect(main).toContain('Card tokenisation vault');
    // The vault (C 4) runs on the cluster, so the cluster needs its confidentiality.
    expect(main).toContain('AST-002 → AST-014');
    await screenshot(page, 'assets-03-detail');
    await expectAccessible('asset detail');
  });

  it('adds an asset through the form and refuses a dependency that closes a cycle', async () => {
    await page.goto(url('/assets/new'));
    await screenshot(page, 'assets-04-form');
    await expectAccessible('asset form');
    const form = page.locator('main form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Payout reconciliation job');
    await form.getByLabel('Kind').selectOption('system');
    await form.getByLabel('Classification').selectOption('confidential');
    await form.getByLabel('Confidentiality').selectOption('3');
    await form.getByLabel('Integrity').selectOption('4');
    await form.getByLabel('Availability').selectOption('2');
    await form.getByLabel('Environment').selectOption('production');
    await form.getByLabel('Depends on').fill('AST-005; AST-003');
    await form.getByRole('button', { name: 'Add asset' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    expect(await page.locator('.page-header .subtitle').textContent()).toContain('AST-061');

    await page.goto(url(`/assets/${await idOf('AST-014')}/edit`));
    await page.locator('main form').getByLabel('Depends on').fill('AST-021; AST-001');
    await page.locator('main form').getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.field--error .error').first().textContent()).toContain('AST-014 → AST-001 → AST-014');
    await screenshot(page, 'assets-05-cycle-refused');
    await expectAccessible('form with a cycle error');
  });

  it('previews an import with row errors, then applies a clean file', async () => {
    await page.goto(url('/assets/import'));
    await screenshot(page, 'assets-06-import');
    await expectAccessible('import form');
    const bad = ['ref,name,kind,classification,confidentiality,integrity,availability,environment,owner_email,depends_on', 'AST-001,Payment gateway API,service,confidential,3,4,4,production,,AST-062', 'AST-062,Merchant webhooks,service,confidential,3,3,5,production,nobody@example.test,AST-001'].join('\n');
    await page.getByLabel('Or paste the CSV here').fill(bad);
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.waitForURL(/\/assets\/import$/);
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('No person with this email is in the directory.');
    expect(text).toContain('Use a whole number from 1 (low) to 4 (critical).');
    await screenshot(page, 'assets-07-import-errors');
    await expectAccessible('import preview with errors');

    const good = ['ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on', 'AST-001,Payment gateway API,service,confidential,3,4,4,production,AST-002;AST-003;AST-010;AST-014;AST-032;AST-033;AST-062', 'AST-062,Merchant webhooks,service,confidential,3,3,3,production,AST-014'].join('\n');
    await page.goto(url('/assets/import'));
    await page.getByLabel('Or paste the CSV here').fill(good);
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Save 2 change/ }).count()).toBe(1);
    await screenshot(page, 'assets-08-import-preview');
    await expectAccessible('import preview');
    await page.getByRole('button', { name: /Save 2 change/ }).click();
    await page.waitForURL(/\/assets\?created=1&changed=1/);
    expect(await page.locator('.alert--ok').textContent()).toContain('1 new and 1 changed');
  });

  it('reads in Finnish', async () => {
    await page.context().addCookies([{ name: 'lang', value: 'fi', url: running.url }]);
    await page.goto(url(`/assets/${await idOf('AST-002')}`));
    expect(await page.locator('main').textContent()).toContain('Suojaustarve');
    await screenshot(page, 'assets-09-detail-fi');
    await expectAccessible('asset detail in Finnish');
    await page.goto(url('/assets?sort=classification&dir=desc'));
    expect(await page.locator('h1').textContent()).toBe('Suojattava omaisuus');
    await screenshot(page, 'assets-10-list-fi');
  });
});
