// Reading posted forms defensively: first value only, text only, bounded length.
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';

export type Form = Record<string, string>;

/**
 * The posted form as plain strings. Repeated fields keep their first value, file parts become
 * empty, and every value is cut at `max` characters so nothing huge is echoed back into a page.
 */
export async function readForm(c: Context<AppEnv>, max = 4096): Promise<Form> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = typeof first === 'string' ? first.slice(0, max) : '';
  }
  return out;
}

/** A query-string value, bounded; absent becomes ''. */
export const queryText = (c: Context<AppEnv>, name: string, max = 2000): string => (c.req.query(name) ?? '').slice(0, max);
