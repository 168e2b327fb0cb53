// TOTP (RFC 6238) as authenticator apps support it: SHA-1, 6 digits, 30-second steps, ±1 step.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;
const DIGITS = 6;
const ISSUER = 'Kilpi';

/** A new random 160-bit secret in base32, the form authenticator apps take for manual entry. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD });
}

/** The `otpauth://` URI the QR code carries. */
export const otpauthUri = (secretBase32: string, email: string): string => totp(secretBase32, email).toString();

/** The current code; for tests and the demo seed. */
export const totpCode = (secretBase32: string, at: Date): string => totp(secretBase32).generate({ timestamp: at.getTime() });

/** The time step a moment falls in. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / PERIOD);

/** True when `s` looks like a TOTP code (six digits, spaces allowed as people type them). */
export const looksLikeTotp = (s: string): boolean => /^\d{6}$/.test(s.replace(/\s/g, ''));

/**
 * Checks `code` against the secret within ±1 step of `at`. Returns the matched time step, or null
 * when the code is wrong or its step is not after `lastStep` (a replayed code).
 */
export function verifyTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = timeStep(at) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The enrolment QR code as an SVG data: URL (the CSP allows data: images; no inline script). */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Groups a base32 secret in fours so it is easier to type by hand. */
export const groupSecret = (s: string): string => s.replace(/(.{4})/g, '$1 ').trim();
