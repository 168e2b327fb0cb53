// The text of the messages Kilpi emails, in Finnish and English. Each message carries both
// languages (Finnish first): a recipient's language is not recorded in the directory.
import type { MailMessage } from './index.js';

export interface PolicyReminder {
  to: string;
  name: string;
  organisation: string;
  ref: string;
  title: string;
  version: number;
  /** YYYY-MM-DD */
  dueDate: string;
  overdue: boolean;
  /** Where the reader acknowledges, absolute. */
  link: string;
}

const date = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: locale === 'fi-FI' ? 'numeric' : 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

/** A reminder to read and acknowledge a published policy. */
export function policyReminderMessage(r: PolicyReminder): MailMessage {
  const fiDue = date(r.dueDate, 'fi-FI');
  const enDue = date(r.dueDate, 'en-GB');
  const fi = [
    `Hei ${r.name},`,
    '',
    r.overdue
      ? `${r.organisation} pyysi sinua lukemaan ja kuittaamaan asiakirjan ”${r.title}” (${r.ref}, versio ${r.version}) viimeistään ${fiDue}. Määräaika on mennyt, eikä kuittaustasi ole vielä kirjattu.`
      : `${r.organisation} pyytää sinua lukemaan ja kuittaamaan asiakirjan ”${r.title}” (${r.ref}, versio ${r.version}) viimeistään ${fiDue}.`,
    '',
    `Lue ja kuittaa: ${r.link}`,
  ];
  const en = [
    `Hi ${r.name},`,
    '',
    r.overdue
      ? `${r.organisation} asked you to read and acknowledge “${r.title}” (${r.ref}, version ${r.version}) by ${enDue}. The due date has passed and your acknowledgement is not recorded yet.`
      : `${r.organisation} asks you to read and acknowledge “${r.title}” (${r.ref}, version ${r.version}) by ${enDue}.`,
    '',
    `Read and acknowledge: ${r.link}`,
  ];
  return {
    to: r.to,
    subject: `Muistutus / Reminder: ${r.title} (${r.ref})`,
    text: [...fi, '', '—', '', ...en, '', `${r.organisation} · Kilpi`].join('\n'),
  };
}
