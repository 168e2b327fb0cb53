// Checks for the mail settings (KILPI_SMTP_URL, KILPI_MAIL_FROM), shared by the configuration and the transport.

// eslint-disable-next-line no-control-regex -- rejecting control characters (header injection) is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const ADDRESS = /^[^\s@<>",;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** `smtp://[user:pass@]host[:port]` or `smtps://…`; query options are nodemailer's. */
export function isSmtpUrl(s: string): boolean {
  if (CONTROL.test(s) || /\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname.length > 0 && (u.port === '' || (Number(u.port) >= 1 && Number(u.port) <= 65535));
  } catch {
    return false;
  }
}

/** `name@example.com` or `Display Name <name@example.com>`, on one line. */
export function isMailFrom(s: string): boolean {
  if (CONTROL.test(s) || s.length > 320) return false;
  const v = s.trim();
  const named = /^([^<>"]*)<([^<>]+)>$/.exec(v);
  return named ? ADDRESS.test(named[2]!.trim()) : ADDRESS.test(v);
}

/** The SMTP URL for logs and pages: no user name or password. */
export function describeSmtpUrl(s: string): string {
  try {
    const u = new URL(s);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid)';
  }
}
