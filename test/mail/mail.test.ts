// The mail module: settings checked at start (one clear line), and messages delivered to a real
// SMTP server on loopback, in Finnish and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { describeSmtpUrl, isMailFrom, isSmtpUrl } from '../../src/mail/address.js';
import { createMailer } from '../../src/mail/index.js';
import { policyReminderMessage } from '../../src/mail/messages.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const config = (env: Record<string, string>) => loadConfig('/tmp/kilpi-mail-test', {}, env);
const configError = (env: Record<string, string>): string => {
  try {
    config(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('mail settings', () => {
  it('are optional: without them there is no mail', () => {
    const c = config({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.mailFrom).toBeUndefined();
  });

  it('accept smtp:// and smtps:// URLs and plain or named sender addresses', () => {
    const c = config({ KILPI_SMTP_URL: 'smtps://kilpi:s3cret@mail.example.com:465', KILPI_MAIL_FROM: 'Kilpi <kilpi@example.com>' });
    expect(c).toMatchObject({ smtpUrl: 'smtps://kilpi:s3cret@mail.example.com:465', mailFrom: 'Kilpi <kilpi@example.com>' });
    for (const ok of ['smtp://localhost', 'smtp://127.0.0.1:2525', 'smtp://[::1]:25', 'smtps://user@mail.example.com?pool=true']) expect(isSmtpUrl(ok), ok).toBe(true);
    for (const ok of ['kilpi@example.com', 'Kilpi Esimerkki <noreply@esimerkki.example>', ' spaced@example.com ']) expect(isMailFrom(ok), ok).toBe(true);
  });

  it.each([
    [{ KILPI_SMTP_URL: 'http://mail.example.com', KILPI_MAIL_FROM: 'a@example.com' }, /^KILPI_SMTP_URL must look like/],
    [{ KILPI_SMTP_URL: 'mail.example.com:25', KILPI_MAIL_FROM: 'a@example.com' }, /^KILPI_SMTP_URL/],
    [{ KILPI_SMTP_URL: 'smtp://mail.example.com:99999', KILPI_MAIL_FROM: 'a@example.com' }, /^KILPI_SMTP_URL/],
    [{ KILPI_SMTP_URL: 'smtp://mail.example.com\r\nRCPT TO:<x@y>', KILPI_MAIL_FROM: 'a@example.com' }, /^KILPI_SMTP_URL/],
    [{ KILPI_SMTP_URL: 'smtp://mail.example.com' }, /^KILPI_SMTP_URL is set but KILPI_MAIL_FROM is not/],
    [{ KILPI_SMTP_URL: 'smtp://mail.example.com', KILPI_MAIL_FROM: 'not an address' }, /^KILPI_MAIL_FROM must be an address/],
    [{ KILPI_SMTP_URL: 'smtp://mail.example.com', KILPI_MAIL_FROM: 'a@example.com\r\nBcc: victim@example.com' }, /^KILPI_MAIL_FROM/],
  ])('refuse %j with one line that names the variable', (env, message) => {
    const m = configError(env);
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });

  it('never echo a password from the URL in an error or a description', () => {
    const m = configError({ KILPI_SMTP_URL: 'ftp://kilpi:hunter2@mail.example.com', KILPI_MAIL_FROM: 'a@example.com' });
    expect(m).not.toContain('hunter2');
    expect(describeSmtpUrl('smtps://kilpi:hunter2@mail.example.com:465')).toBe('smtps://mail.example.com:465');
  });
});

describe('sending through a real SMTP server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink(['nobody@example.test']);
  });
  afterAll(async () => sink.close());

  it('delivers a bilingual policy reminder with the sender, recipient, subject and link', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Kilpi <kilpi@esimerkki.example>' });
    expect(mailer.server).toBe(sink.url);
    await mailer.send(
      policyReminderMessage({
        to: 'heidi.ahonen@esimerkki.example',
        name: 'Heidi Ahonen',
        organisation: 'Esimerkki Payments Oy',
        ref: 'POL-001',
        title: 'Tietoturvapolitiikka',
        version: 2,
        dueDate: '2026-12-11',
        overdue: false,
        link: 'https://kilpi.example/policies/abc',
      }),
    );
    const m = sink.received.at(-1)!;
    expect(m.from).toBe('kilpi@esimerkki.example');
    expect(m.to).toEqual(['heidi.ahonen@esimerkki.example']);
    expect(m.subject).toBe('Muistutus / Reminder: Tietoturvapolitiikka (POL-001)');
    expect(m.text).toContain('Hei Heidi Ahonen,');
    expect(m.text).toContain('kuittaamaan asiakirjan ”Tietoturvapolitiikka” (POL-001, versio 2) viimeistään 11.12.2026');
    expect(m.text).toContain('Hi Heidi Ahonen,');
    expect(m.text).toContain('by 11 December 2026');
    expect(m.text).toContain('https://kilpi.example/policies/abc');
  });

  it('rejects when the server refuses the recipient', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'kilpi@esimerkki.example' });
    await expect(mailer.send({ to: 'nobody@example.test', subject: 'x', text: 'y' })).rejects.toThrow();
  });

  it('fails fast when nothing listens', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'kilpi@esimerkki.example' });
    const started = Date.now();
    await expect(mailer.send({ to: 'a@example.test', subject: 'x', text: 'y' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
