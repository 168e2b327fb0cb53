// The kilpi commands as scripts use them: migrate, user create, token create, and their failures (exit 1).
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/passwords.js';
import { findUserByEmail } from '../../src/auth/users-repo.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/index.js';
import { startServer } from '../../src/server.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { counts, dbEnv, kilpi, kilpiServe, oneLineError } from './run.js';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function storedUser(db: TestDatabase, email: string) {
  const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
  try {
    return await findUserByEmail(store.db, email);
  } finally {
    await store.close();
  }
}

describe.each(dialects())('kilpi commands on %s', (dialect) => {
  let db: TestDatabase;
  const run = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    kilpi(['--data', db.dataDir, ...args], { ...opts, env: { ...dbEnv(db), ...opts.env } });

  beforeAll(async () => {
    db = await freshDatabase(dialect);
  });
  afterAll(async () => db.drop());

  it('migrates a fresh database, then says it is up to date', async () => {
    const first = await run(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): 2026-/);
    const second = await run(['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('The database is up to date.');
    const json = await run(['--json', 'migrate']);
    expect(JSON.parse(json.stdout)).toEqual({ applied: [] });
  });

  it('creates a user with a generated password, shown once, that signs in', async () => {
    const r = await run(['user', 'create', '--email', 'Ada@Example.test', '--name', 'Ada Lovelace', '--role', 'security_officer']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const m = /^Password \(shown once\): (\S+)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const password = m![1]!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(r.stdout.split(password).length - 1).toBe(1);
    const user = await storedUser(db, 'ada@example.test');
    expect(user).toMatchObject({ name: 'Ada Lovelace', role: 'security_officer' });
    // Only a hash is stored, and the printed password matches it.
    expect(user!.password_hash).not.toContain(password);
    expect(await verifyPassword(user!.password_hash, password)).toBe(true);
  });

  it('takes the password from standard input and prints none', async () => {
    const password = 'stdin pass phrase with spaces ✓';
    const r = await run(['--json', 'user', 'create', '--email', 'grace@example.test', '--name', 'Grace Hopper', '--role', 'staff', '--password-stdin'], { input: password + '\n' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ email: 'grace@example.test', name: 'Grace Hopper', role: 'staff', mfa_enabled: false });
    expect(out).not.toHaveProperty('password');
    expect(out).not.toHaveProperty('password_hash');
    expect(await verifyPassword((await storedUser(db, 'grace@example.test'))!.password_hash, password)).toBe(true);
  });

  it('stores hostile names literally', async () => {
    const name = `Robert'); DROP TABLE users;-- <script>alert(1)</script>`;
    const r = await run(['user', 'create', '--email', 'bobby@example.test', '--name', name, '--role', 'auditor']);
    expect(r.code, r.stderr).toBe(0);
    expect((await storedUser(db, 'bobby@example.test'))!.name).toBe(name);
  });

  it('refuses a duplicate user with exit 1 and leaves the database as it was', async () => {
    const before = await counts(db);
    const r = await run(['user', 'create', '--email', 'ADA@example.test', '--name', 'Someone Else', '--role', 'admin']);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/already exists/);
    expect(await counts(db)).toEqual(before);
    expect((await storedUser(db, 'ada@example.test'))!.name).toBe('Ada Lovelace');
  });

  it('creates a token printed once; --json gives exactly token and expires_at; it works on a started server', async () => {
    const human = await run(['token', 'create', '--email', 'grace@example.test', '--name', 'ci', '--expires-in', '12h']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^kilpi_[A-Za-z0-9_-]{20,}\n\(shown once; expires \d{4}-/);

    const r = await run(['--json', 'token', 'create', '--email', 'grace@example.test', '--name', 'deploy']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { token: string; expires_at: string };
    expect(Object.keys(out).sort()).toEqual(['expires_at', 'token']);
    expect(out.token).toMatch(/^kilpi_[A-Za-z0-9_-]{20,}$/);
    // The default lifetime is 90 days.
    const days = (Date.parse(out.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);

    const config = loadConfig(db.dataDir, { port: '0', insecureHttp: true }, { ...dbEnv(db), KILPI_LOG_LEVEL: 'silent' });
    const running = await startServer(config);
    try {
      const me = await fetch(new URL('/api/v1/me', running.url), { headers: { authorization: `Bearer ${out.token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ email: 'grace@example.test', name: 'Grace Hopper', role: 'staff' });
      const forged = await fetch(new URL('/api/v1/me', running.url), { headers: { authorization: `Bearer ${out.token.slice(0, -2)}xx` } });
      expect(forged.status).toBe(401);
    } finally {
      await running.stop();
    }
  });

  it('fails with exit 1 for a token for an unknown email, writing nothing', async () => {
    const before = await counts(db);
    const r = await run(['token', 'create', '--email', 'nobody@example.test', '--name', 'ci']);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/nobody@example\.test was not found/);
    expect(r.stdout).toBe('');
    expect(await counts(db)).toEqual(before);
  });

  it('accepts global options after the command too', async () => {
    const r = await kilpi(['token', 'create', '--email', 'grace@example.test', '--name', 'late-flags', '--json', '--data', db.dataDir], { env: dbEnv(db) });
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout) as object).sort()).toEqual(['expires_at', 'token']);
  });
});

describe('kilpi failures outside the database', () => {
  let db: TestDatabase;
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => busy.close(r));
    await db.drop();
  });

  it('reports an unreachable PostgreSQL in one line, without the password', async () => {
    const port = await closedPort();
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await kilpi(['--data', db.dataDir, 'migrate'], { env: { DATABASE_URL: `postgres://kilpi:s3cret-pw@${host}:${port}/kilpi` } });
      expect(r.code).toBe(1);
      const line = oneLineError(r);
      expect(line).toBe(`kilpi: cannot connect to PostgreSQL at ${host}:${port}/kilpi: connection refused`);
      expect(r.stderr).not.toContain('s3cret-pw');
    }
  });

  it('fails the same way for user create against an unreachable database, writing nothing locally', async () => {
    const r = await kilpi(['--data', db.dataDir, 'user', 'create', '--email', 'a@example.test', '--name', 'A', '--role', 'staff'], {
      env: { DATABASE_URL: `postgres://127.0.0.1:${await closedPort()}/x` },
    });
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/cannot connect to PostgreSQL/);
    expect((await counts(db)).users).toBe(0);
  });

  it('says so when the port is taken', async () => {
    const r = await kilpi(['--data', db.dataDir, 'serve', '--insecure-http', '--port', String(busyPort)]);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toBe(`kilpi: cannot listen on 127.0.0.1:${busyPort}: the port is already in use`);
  });

  it('says which TLS file it cannot use', async () => {
    const missing = await kilpi(['--data', db.dataDir, 'serve', '--port', '0', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem']);
    expect(missing.code).toBe(1);
    expect(oneLineError(missing)).toBe('kilpi: cannot read --tls-cert /nonexistent/cert.pem: no such file');
    const garbage = await kilpi(['--data', db.dataDir, 'serve', '--port', '0', '--tls-cert', '/etc/hostname', '--tls-key', '/etc/hostname']);
    expect(garbage.code).toBe(1);
    expect(oneLineError(garbage)).toBe('kilpi: --tls-cert is not a PEM certificate');
  });
});

describe('kilpi demo', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => db.drop());

  it('seeds the demo organisation, prints the URL and sign-ins, serves, and starts again on the same data', async () => {
    for (let round = 1; round <= 2; round++) {
      const server = await kilpiServe(['--data', db.dataDir, 'demo', '--port', '0', '--insecure-http']);
      try {
        expect(server.stdout()).toContain('Demo organisation: Esimerkki Payments Oy');
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect((await fetch(new URL('/readyz', server.url))).status).toBe(200);
        // Every printed sign-in names a role and an email.
        for (const line of server.stdout().split('\n').filter((l) => /^ {2}\S/.test(l))) expect(line, `round ${round}`).toMatch(/^ {2}(admin|security_officer|auditor|staff)\s+\S+@\S+\s+\S+/);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    }
  });
});
