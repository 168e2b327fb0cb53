// A tiny browser for tests: keeps cookies from Set-Cookie, posts forms with the page's CSRF token.
import type { TestApp } from './app.js';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags (HttpOnly, Secure) map to true. */
  attrs: Record<string, string | true>;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attrs: Record<string, string | true> = {};
  for (const part of rest) {
    const [k = '', ...v] = part.trim().split('=');
    if (k) attrs[k.toLowerCase()] = v.length ? v.join('=') : true;
  }
  return { name: pair.slice(0, eq).trim(), value: decodeURIComponent(pair.slice(eq + 1).trim()), attrs };
}

/** The Set-Cookie lines of a response, parsed. */
export const setCookies = (res: Response): SetCookie[] => res.headers.getSetCookie().map(parseSetCookie);

export class Browser {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last HTML page, from its <meta name="csrf-token">. */
  csrf = '';
  lastHtml = '';

  constructor(private readonly t: TestApp) {}

  private store(res: Response): void {
    for (const c of setCookies(res)) {
      const expired = c.attrs['max-age'] === '0' || (typeof c.attrs.expires === 'string' && Date.parse(c.attrs.expires) < Date.now());
      if (expired || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    const res = await this.t.request(path, { ...init, headers });
    this.store(res);
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
      this.lastHtml = await res.clone().text();
      const m = /<meta name="csrf-token" content="([^"]*)"/.exec(this.lastHtml);
      if (m) this.csrf = m[1]!;
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields give one (or `null` to omit). */
  post(path: string, fields: Record<string, string | null> = {}): Promise<Response> {
    const body = new URLSearchParams();
    const withCsrf = { _csrf: this.csrf, ...fields };
    for (const [k, v] of Object.entries(withCsrf)) if (v !== null) body.set(k, v);
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  }

  /** Follows one redirect with a GET; returns the target's response. */
  async follow(res: Response): Promise<Response> {
    const loc = res.headers.get('location');
    if (!loc) throw new Error(`no redirect (status ${res.status})`);
    return this.get(loc.replace(/^https:\/\/kilpi\.test/, ''));
  }
}

/** Decodes the few HTML entities hono/jsx escapes, for reading text out of a page. */
export const unescapeHtml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
