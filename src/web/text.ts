// Small text checks shared by pages and routes that take free text from the URL.

/** True when `s` holds a C0 control character or DEL (NUL among them, which PostgreSQL refuses in text). */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
