// Usage errors: a wrong flag, argument, environment value or standard input exits 2 with one clear
// line and no stack trace, and writes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { counts, dbEnv, kilpi, oneLineError } from './run.js';

describe('kilpi usage errors that need no database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => db.drop());

  const cases: { name: string; args: string[]; env?: Record<string, string>; says: RegExp }[] = [
    { name: 'an unknown command', args: ['bogus'], says: /unknown command 'bogus'/ },
    { name: 'an unknown option', args: ['serve', '--prot', '1'], says: /unknown option '--prot'/ },
    { name: 'user create without --email', args: ['user', 'create', '--name', 'A', '--role', 'staff'], says: /--email/ },
    { name: 'token create without --name', args: ['token', 'create', '--email', 'a@example.test'], says: /--name/ },
    { name: 'a port that is not a number', args: ['serve', '--port', 'abc'], says: /--port must be a number from 0 to 65535, not "abc"/ },
    { name: 'a port above 65535', args: ['serve', '--port', '70000'], says: /--port must be a number from 0 to 65535/ },
    { name: 'a negative port', args: ['serve', '--port=-1'], says: /--port/ },
    { name: 'a port with SQL in it', args: ['serve', '--port', "1; DROP TABLE users"], says: /--port/ },
    { name: '--insecure-http on a public address', args: ['serve', '--insecure-http', '--host', '0.0.0.0'], says: /--insecure-http only listens on a loopback address/ },
    { name: '--insecure-http with --behind-proxy', args: ['serve', '--insecure-http', '--behind-proxy'], says: /cannot be used with|choose one/ },
    { name: '--tls-cert without --tls-key', args: ['serve', '--tls-cert', '/tmp/cert.pem'], says: /give both --tls-cert and --tls-key/ },
    { name: '--tls-key without --tls-cert', args: ['serve', '--tls-key', '/tmp/key.pem'], says: /give both --tls-cert and --tls-key/ },
    { name: 'a host with a shell injection', args: ['serve', '--host', '127.0.0.1;rm -rf /'], says: /--host/ },
    { name: 'a MySQL DATABASE_URL', args: ['migrate'], env: { DATABASE_URL: 'mysql://x' }, says: /DATABASE_URL must start with postgres:\/\// },
    { name: 'an unknown time zone', args: ['migrate'], env: { KILPI_TIME_ZONE: 'Mars/Olympus_Mons' }, says: /KILPI_TIME_ZONE/ },
    { name: 'an unknown log level', args: ['migrate'], env: { KILPI_LOG_LEVEL: 'loud' }, says: /KILPI_LOG_LEVEL/ },
    { name: 'a short secret key', args: ['migrate'], env: { KILPI_SECRET_KEY: 'c2hvcnQ=' }, says: /KILPI_SECRET_KEY must be 32 random bytes/ },
    { name: 'an unclear KILPI_BEHIND_PROXY', args: ['serve'], env: { KILPI_BEHIND_PROXY: 'maybe' }, says: /KILPI_BEHIND_PROXY must be 1 or 0/ },
    { name: 'a KILPI_PORT that is not a number', args: ['serve'], env: { KILPI_PORT: '80a' }, says: /--port/ },
  ];

  it.concurrent.each(cases)('exits 2 with one line for $name', async ({ args, env, says }) => {
    const r = await kilpi(['--data', db.dataDir, ...args], { env: env ?? {} });
    expect(r.code, r.stderr).toBe(2);
    expect(oneLineError(r)).toMatch(says);
    expect(r.stdout).toBe('');
  });

  it('refuses a --data path that is a file', async () => {
    const file = join(db.dataDir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await kilpi(['--data', file, 'migrate']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/is not a directory/);
  });

  it('prints the version and help, exiting 0', async () => {
    const v = await kilpi(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await kilpi(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('user');
    expect(h.stdout).toContain('token');
  });

  it('shows a huge value cut short, never the whole of it', async () => {
    const r = await kilpi(['--data', db.dataDir, 'serve', '--port', '9'.repeat(100_000)]);
    expect(r.code).toBe(2);
    expect(oneLineError(r).length).toBeLessThan(500);
  });
});

describe.each(dialects())('kilpi usage errors on %s', (dialect) => {
  let db: TestDatabase;
  let args: (rest: string[]) => string[];
  const env = () => dbEnv(db);
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    args = (rest) => ['--data', db.dataDir, ...rest];
    const m = await kilpi(args(['migrate']), { env: env() });
    expect(m.code, m.stderr).toBe(0);
    const u = await kilpi(args(['user', 'create', '--email', 'owner@example.test', '--name', 'Owner', '--role', 'admin']), { env: env() });
    expect(u.code, u.stderr).toBe(0);
  });
  afterAll(async () => db.drop());

  const userCases: { name: string; argv: string[]; input?: string | Buffer; says: RegExp }[] = [
    { name: 'an invalid email', argv: ['--email', 'not-an-email', '--name', 'A', '--role', 'staff'], says: /email/ },
    { name: 'an email with HTML in it', argv: ['--email', '<script>@x', '--name', 'A', '--role', 'staff'], says: /email/ },
    { name: 'an unknown role', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'root'], says: /role: Role must be one of/ },
    { name: 'the reserved customer role', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'customer'], says: /role/ },
    { name: 'a name of 100 000 characters', argv: ['--email', 'a@example.test', '--name', 'N'.repeat(100_000), '--role', 'staff'], says: /name: Use at most 200 characters/ },
    { name: 'a name with control characters', argv: ['--email', 'a@example.test', '--name', 'A\u0007\u001b[31m', '--role', 'staff'], says: /name: Control characters/ },
    { name: 'a blank name', argv: ['--email', 'a@example.test', '--name', '   ', '--role', 'staff'], says: /name/ },
    { name: 'a too-short password on stdin', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'staff', '--password-stdin'], input: 'short\n', says: /password: Use at least 12 characters/ },
    { name: 'empty stdin', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'staff', '--password-stdin'], input: '', says: /standard input was empty/ },
    { name: 'only a newline on stdin', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'staff', '--password-stdin'], input: '\n', says: /standard input was empty/ },
    { name: 'invalid UTF-8 on stdin', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'staff', '--password-stdin'], input: Buffer.from([0x66, 0xff, 0xfe, 0x80, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69]), says: /not valid UTF-8/ },
    { name: 'a megabyte on stdin', argv: ['--email', 'a@example.test', '--name', 'A', '--role', 'staff', '--password-stdin'], input: 'p'.repeat(1_000_000), says: /standard input is longer than/ },
  ];

  it.concurrent.each(userCases)('user create exits 2 and writes nothing for $name', async ({ argv, input, says }) => {
    const before = await counts(db);
    const r = await kilpi(args(['user', 'create', ...argv]), { env: env(), ...(input !== undefined ? { input } : {}) });
    expect(r.code, r.stderr).toBe(2);
    const line = oneLineError(r);
    expect(line).toMatch(says);
    expect(line.length).toBeLessThan(500);
    expect(r.stdout).toBe('');
    // Concurrent cases never create anything, so the counts must not move at all.
    expect(await counts(db)).toEqual(before);
  });

  const tokenCases: { name: string; argv: string[]; says: RegExp }[] = [
    { name: 'a 5x expiry', argv: ['--expires-in', '5x'], says: /"5x" is not a duration/ },
    { name: 'an expiry beyond ten years', argv: ['--expires-in', '11y'], says: /between 1 hour and 10 years/ },
    { name: 'a zero expiry', argv: ['--expires-in', '0d'], says: /between 1 hour and 10 years/ },
    { name: 'an expiry with SQL in it', argv: ['--expires-in', "1d' OR '1'='1"], says: /is not a duration/ },
    { name: 'a token name of 100 000 characters', argv: ['--name', 'T'.repeat(100_000)], says: /name/ },
  ];

  it.concurrent.each(tokenCases)('token create exits 2 and writes nothing for $name', async ({ argv, says }) => {
    const before = await counts(db);
    const r = await kilpi(args(['token', 'create', '--email', 'owner@example.test', '--name', 'ci', ...argv]), { env: env() });
    expect(r.code, r.stderr).toBe(2);
    expect(oneLineError(r)).toMatch(says);
    expect(r.stdout).toBe('');
    expect(await counts(db)).toEqual(before);
  });
});
