// clientIp: the socket address, or behind a proxy the address the nearest proxy reports.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, Services } from '../../../src/http/env.js';
import { clientIp, nearestHop } from '../../../src/http/middleware/client-ip.js';

function app(behindProxy: boolean): Hono<AppEnv> {
  const a = new Hono<AppEnv>();
  a.use('*', async (c, next) => {
    c.set('services', { behindProxy } as Services);
    await next();
  });
  a.get('/', (c) => c.text(clientIp(c)));
  return a;
}

const ipOf = async (a: Hono<AppEnv>, xff?: string) => (await a.request('/', xff === undefined ? {} : { headers: { 'x-forwarded-for': xff } })).text();

describe('clientIp', () => {
  it('ignores X-Forwarded-For unless Kilpi runs behind a proxy', async () => {
    expect(await ipOf(app(false), '203.0.113.7')).toBe('local');
  });

  it('takes the entry the nearest proxy added, not one the client could forge', async () => {
    const a = app(true);
    expect(await ipOf(a, '203.0.113.7')).toBe('203.0.113.7');
    expect(await ipOf(a, '1.2.3.4, 203.0.113.7')).toBe('203.0.113.7');
    expect(await ipOf(a, '2001:db8::1')).toBe('2001:db8::1');
  });

  it.each(['', 'not-an-ip', '<script>', "1.2.3.4' OR 1=1", '203.0.113.7, ', '999.1.1.1', '1.2.3.4,'.repeat(1000)])('falls back to the socket for %j', async (xff) => {
    expect(await ipOf(app(true), xff)).toBe('local');
  });
});

describe('nearestHop', () => {
  it('returns the last entry of a list, trimmed, or null', () => {
    expect(nearestHop('a, b ,c ')).toBe('c');
    expect(nearestHop('https')).toBe('https');
    expect(nearestHop(undefined)).toBeNull();
    expect(nearestHop('a,')).toBeNull();
    expect(nearestHop('x'.repeat(3000))).toBeNull();
  });
});
