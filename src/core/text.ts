// Small text checks shared by every boundary that takes free text.

/** True when `s` holds a C0 control character or DEL (NUL among them, which PostgreSQL refuses in text). */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const ORIGIN = 'https://kilpi.invalid';

/**
 * `raw` as a path on this site, or null. Refuses absolute URLs, scheme-relative `//host`,
 * backslashes (browsers read `/\host` as `//host`) and control characters, so a redirect to it
 * can never leave the site.
 */
export function sameOriginPath(raw: unknown, maxLength = 2000): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || hasControlChars(raw)) return null;
  try {
    const u = new URL(raw, ORIGIN);
    return u.origin === ORIGIN ? u.pathname + u.search + u.hash : null;
  } catch {
    return null;
  }
}
