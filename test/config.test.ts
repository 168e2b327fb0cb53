// loadConfig: defaults, flags over environment, and a one-line ConfigError for every bad value.
import { describe, expect, it } from 'vitest';
import { ConfigError, displayHost, loadConfig } from '../src/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('has safe defaults: TLS on 127.0.0.1:8443, Helsinki time, the demo organisation', () => {
    const c = loadConfig('./data', {}, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8443, insecureHttp: false, behindProxy: false, timeZone: 'Europe/Helsinki', orgName: 'Esimerkki Payments Oy', logLevel: 'info' });
    expect(c.dataDir).toMatch(/^\/.*\/data$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.tlsCert).toBeUndefined();
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      KILPI_PORT: '9000',
      KILPI_HOST: '::1',
      DATABASE_URL: 'postgresql://kilpi@db/kilpi',
      KILPI_TLS_CERT: '/etc/kilpi/cert.pem',
      KILPI_TLS_KEY: '/etc/kilpi/key.pem',
      KILPI_ORG_NAME: 'Testi Oy',
      KILPI_TIME_ZONE: 'UTC',
      KILPI_LOG_LEVEL: 'warn',
      KILPI_SECRET_KEY: KEY,
    };
    expect(loadConfig('/srv/kilpi', {}, env)).toMatchObject({ port: 9000, host: '::1', databaseUrl: env.DATABASE_URL, tlsCert: env.KILPI_TLS_CERT, orgName: 'Testi Oy', timeZone: 'UTC', logLevel: 'warn' });
    expect(loadConfig('/srv/kilpi', { port: '8444', host: '127.0.0.1' }, env)).toMatchObject({ port: 8444, host: '127.0.0.1' });
  });

  it('treats empty variables as unset', () => {
    const c = loadConfig('/srv/kilpi', {}, { DATABASE_URL: '', KILPI_TLS_CERT: '', KILPI_TLS_KEY: '', KILPI_TIME_ZONE: '', KILPI_LOG_LEVEL: '', KILPI_BEHIND_PROXY: '', KILPI_SECRET_KEY: '' });
    expect(c).toMatchObject({ databaseUrl: undefined, tlsCert: undefined, timeZone: 'Europe/Helsinki', logLevel: 'info', behindProxy: false });
  });

  const bad: [string, Parameters<typeof loadConfig>[1], NodeJS.ProcessEnv, RegExp][] = [
    ['a port that is not a number', { port: 'abc' }, {}, /^--port must be a number from 0 to 65535, not "abc"$/],
    ['a port above 65535', { port: '70000' }, {}, /--port/],
    ['a port in hex', { port: '0x50' }, {}, /--port/],
    ['a huge port string', { port: '9'.repeat(100_000) }, {}, /not "9{20}…"$/],
    ['an empty host', { host: '' }, {}, /--host/],
    ['a host with a space', { host: 'a b' }, {}, /--host: host must be a hostname or IP address/],
    ['a host with a slash', { host: 'evil.com/x' }, {}, /--host/],
    ['a host of 300 characters', { host: 'a'.repeat(300) }, {}, /--host/],
    ['mysql', {}, { DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/$/],
    ['a URL with a space', {}, { DATABASE_URL: 'postgres://a b' }, /DATABASE_URL/],
    ['an unknown zone', {}, { KILPI_TIME_ZONE: 'Europe/Atlantis' }, /KILPI_TIME_ZONE must be an IANA time zone/],
    ['an org name with a newline', {}, { KILPI_ORG_NAME: 'A\nB' }, /KILPI_ORG_NAME/],
    ['a blank org name', {}, { KILPI_ORG_NAME: '   ' }, /KILPI_ORG_NAME/],
    ['an org name of 1000 characters', {}, { KILPI_ORG_NAME: 'x'.repeat(1000) }, /KILPI_ORG_NAME/],
    ['a loud log level', {}, { KILPI_LOG_LEVEL: 'LOUD' }, /KILPI_LOG_LEVEL must be one of/],
    ['a short secret key', {}, { KILPI_SECRET_KEY: 'c2hvcnQ=' }, /KILPI_SECRET_KEY must be 32 random bytes/],
    ['a secret key that is not base64', {}, { KILPI_SECRET_KEY: '!'.repeat(44) }, /KILPI_SECRET_KEY/],
    ['an unclear proxy flag', {}, { KILPI_BEHIND_PROXY: 'maybe' }, /KILPI_BEHIND_PROXY must be 1 or 0/],
    ['both plain-HTTP modes', { insecureHttp: true, behindProxy: true }, {}, /choose one of --insecure-http and --behind-proxy/],
    ['insecure HTTP on all addresses', { insecureHttp: true, host: '0.0.0.0' }, {}, /loopback/],
    ['a certificate without its key', { tlsCert: '/c.pem' }, {}, /give both --tls-cert and --tls-key/],
    ['a key without its certificate', {}, { KILPI_TLS_KEY: '/k.pem' }, /give both/],
    ['a certificate with plain HTTP', { tlsCert: '/c.pem', tlsKey: '/k.pem', behindProxy: true }, {}, /cannot be combined/],
    ['a data directory with a newline', {}, {}, /--data/],
  ];

  it.each(bad)('refuses %s with a one-line ConfigError', (name, flags, env, message) => {
    const dataDir = name === 'a data directory with a newline' ? '/tmp/a\nb' : '/srv/kilpi';
    let error: unknown;
    try {
      loadConfig(dataDir, flags, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const msg = (error as Error).message;
    expect(msg).toMatch(message);
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThan(300);
  });

  it('accepts the edges of the port range and a bracketed IPv6 host', () => {
    expect(loadConfig('/d', { port: '0' }, {}).port).toBe(0);
    expect(loadConfig('/d', { port: '65535' }, {}).port).toBe(65535);
    expect(loadConfig('/d', { host: '[::1]' }, {}).host).toBe('::1');
  });
});

describe('displayHost', () => {
  it('shows wildcard addresses as localhost and brackets IPv6', () => {
    expect(displayHost('0.0.0.0')).toBe('localhost');
    expect(displayHost('::')).toBe('localhost');
    expect(displayHost('::1')).toBe('[::1]');
    expect(displayHost('kilpi.example.com')).toBe('kilpi.example.com');
  });
});
