// The caller's address: the socket peer, or the proxy's X-Forwarded-For when behind one.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../env.js';

export function clientIp(c: Context<AppEnv>): string {
  if (c.get('services').behindProxy) {
    const first = (c.req.header('x-forwarded-for') ?? '').split(',')[0]?.trim();
    if (first && first.length <= 64) return first;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
