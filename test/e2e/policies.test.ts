// Policies in a real browser over TLS on the demo organisation: the admin reads, compares, reminds,
// drafts from a template, approves and publishes; a staff member acknowledges from their own page.
// Every page is checked with axe-core; screenshots land in test-output/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTotpDirectly } from '../../src/auth/mfa-service.js';
import { findUserByEmail } from '../../src/auth/users-repo.js';
import { loadConfig } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import { demoEmail, seedDemo } from '../../src/demo/seed.js';
import { createMailer } from '../../src/mail/index.js';
import { startServer, type Running } from '../../src/server.js';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import { axeViolations, browserAvailable, launch, screenshot } from './browser.js';

describe.runIf(browserAvailable())('policies in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let sink: SmtpSink;
  let adminSecret: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-e2e-policies-'));
    running = await startServer(loadConfig(dataDir, { port: '0', host: '127.0.0.1' }, {}));
    const s = running.booted.services;
    const ctx = { db: s.db, clock: s.clock, actor: systemActor('e2e') };
    await seedDemo(ctx);
    const admin = (await findUserByEmail(s.db, demoEmail('Jussi Heinonen')))!;
    adminSecret = (await enrolTotpDirectly(ctx, s.secretKey, admin.id)).secret;
    sink = await startSmtpSink();
    s.mail = createMailer({ smtpUrl: sink.url, from: 'Kilpi <kilpi@esimerkki.example>' });
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await sink?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const url = (path: string) => new URL(path, running.url).toString();

  async function expectAccessible(name: string) {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), name).toEqual([]);
  }

  async function signIn(email: string, password: string, totp: string | null) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Buttons that change records ask first (data-confirm); the test answers yes.
    page.on('dialog', (d) => void d.accept());
    await page.goto(url('/login'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: /sign in/i }).click();
    if (totp) {
      await page.waitForURL(/\/login\/mfa/);
      await page.getByLabel(/code/i).first().fill(new TOTP({ secret: totp, digits: 6, period: 30, algorithm: 'SHA1' }).generate());
      await page.getByRole('button', { name: /verify|continue|sign in/i }).click();
    }
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  it('shows the admin the eight policies with review states and filters', async () => {
    await signIn(demoEmail('Jussi Heinonen'), 'demo-admin-2026!', adminSecret);
    await page.goto(url('/policies'));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(8);
    expect(await page.locator('main').textContent()).toContain('Overdue');
    await screenshot(page, 'policies-01-list');
    await expectAccessible('policy list');
    await page.getByLabel('Review').selectOption('overdue');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain('review=overdue');
  });

  it('opens the information security policy: text, facts, versions, campaign progress and history', async () => {
    await page.goto(url('/policies?q=information'));
    await page.locator('tbody').getByRole('link', { name: 'Information security policy' }).click();
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    const main = page.locator('main');
    // The template's ## headings sit one level below the card's own h2.
    expect(await main.locator('.policy-doc h3').first().textContent({ timeout: 5000 })).toBe('Purpose');
    expect(await main.textContent()).toContain('Operational resilience');
    expect(await main.locator('.completion-text').first().textContent({ timeout: 5000 })).toMatch(/\d+ of \d+ acknowledged/);
    await screenshot(page, 'policies-02-detail');
    await expectAccessible('policy detail');
    await page.getByRole('link', { name: 'Compare versions' }).click();
    await expect.poll(() => page.locator('tr.diff-add').count()).toBeGreaterThan(0);
    await screenshot(page, 'policies-03-diff');
    await expectAccessible('diff');
  });

  it('follows the campaign and emails a reminder to those still pending', async () => {
    await page.goBack();
    await page.locator('.campaigns a').first().click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await screenshot(page, 'policies-04-campaign');
    await expectAccessible('campaign');
    const button = page.getByRole('button', { name: /Email a reminder to \d+ people/ });
    const n = Number((await button.textContent())!.match(/\d+/)![0]);
    await button.click();
    await page.waitForURL(/done=sent/);
    expect(await page.locator('.alert').textContent()).toContain('Reminders were emailed');
    expect(sink.received).toHaveLength(n);
    expect(sink.received.map((m) => m.to[0])).toContain(demoEmail('Heidi Ahonen'));
    expect(await page.locator('main').textContent()).toContain('the next one can be sent from');
    await screenshot(page, 'policies-05-reminded');
  });

  it('starts a policy from a template, edits the draft with a preview, approves and publishes it', async () => {
    await page.goto(url('/policies/new'));
    await screenshot(page, 'policies-06-new');
    await expectAccessible('new policy');
    await page.getByLabel(/Backup and restore instruction/).check();
    await page.getByLabel('Title').fill('Backup instruction for the settlement engine');
    await page.getByLabel('Owner').selectOption({ label: `Lauri Salonen (${demoEmail('Lauri Salonen')})` });
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/done=created/);
    await page.getByRole('link', { name: /Edit draft v1/ }).click();
    const text = page.getByLabel('Text (Markdown)');
    await text.fill(`${await text.inputValue()}\n## Settlement files\n\nSettlement batch files are kept for **ten years**. <script>alert(1)</script>\n`);
    await page.getByLabel('Change summary').fill('Settlement files added');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('section .policy-doc strong').filter({ hasText: 'ten years' }).count()).toBe(1);
    expect(await page.locator('section .policy-doc').textContent()).toContain('<script>alert(1)</script>');
    await screenshot(page, 'policies-07-draft-preview');
    await expectAccessible('draft editor');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/versions\/1\?done=saved/);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/done=approved/);
    await screenshot(page, 'policies-08-approved');
    await expectAccessible('approved version');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/done=published/);
    expect(await page.locator('main').textContent()).toContain('Version 1,');
  });

  it('lets a staff member see what waits for them and acknowledge it', async () => {
    await signIn(demoEmail('Heidi Ahonen'), 'demo-staff-2026!', null);
    await page.goto(url('/policies'));
    const waiting = page.locator('.pending-acks');
    await expect.poll(() => waiting.locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'New policy' }).count()).toBe(0);
    await screenshot(page, 'policies-09-staff-list');
    await expectAccessible('staff list');
    await waiting.getByRole('link', { name: 'Information security policy' }).click();
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).not.toContain('Versions');
    await screenshot(page, 'policies-10-staff-detail');
    await expectAccessible('staff detail');
    await page.getByRole('button', { name: 'I have read and understood this' }).click();
    await page.waitForURL(/done=acknowledged/);
    expect(await page.locator('main').textContent()).toContain('You acknowledged version 2');
    await screenshot(page, 'policies-11-acknowledged');
  });
});
