// Outgoing email over SMTP (nodemailer), configured by KILPI_SMTP_URL and KILPI_MAIL_FROM. Without
// them there is no mailer, and callers record what they would have sent instead.
import nodemailer from 'nodemailer';
import { describeSmtpUrl } from './address.js';

export interface MailSettings {
  smtpUrl: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Where mail goes, without credentials (for pages and logs). */
  readonly server: string;
  readonly from: string;
  /** Sends one message; rejects when the server does not accept it. */
  send(message: MailMessage): Promise<void>;
}

/** A mailer for `settings`. Nothing connects until the first message. */
export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    // A dead server fails a send in seconds, not minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    server: describeSmtpUrl(settings.smtpUrl),
    from: settings.from,
    async send(m) {
      await transport.sendMail({ from: settings.from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}
