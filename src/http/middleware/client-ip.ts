// The caller's address: the socket peer, or what the proxy in front reports when behind one.
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../env.js';

/**
 * The last entry of a comma-separated forwarding header: the one the proxy next to us wrote.
 * Earlier entries come from the client or proxies we do not know and can be forged at will,
 * which would let anyone dodge per-address limits by inventing addresses.
 */
export function nearestHop(header: string | undefined): string | null {
  if (!header || header.length > 2048) return null;
  const parts = header.split(',');
  const last = parts[parts.length - 1]!.trim();
  return last || null;
}

export function clientIp(c: Context<AppEnv>): string {
  if (c.get('services').behindProxy) {
    const hop = nearestHop(c.req.header('x-forwarded-for'));
    if (hop && isIP(hop)) return hop;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
