// One writer per log: the pid file next to an embedded database, and the PostgreSQL session advisory lock.
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_LOCK_CLASS, lockKeyOf, PgAdvisoryLock, PidFileLock } from '../../src/ledger/writer-lock.js';
import { dialects, freshDatabase } from '../helpers/db.js';
import { ROOT } from '../cli/run.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function lockFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-lock-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'ledger', 'audit.sequencer.lock');
}

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('the pid-file lock', () => {
  it('is held by one object at a time, and free again after release', async () => {
    const file = lockFile();
    const a = new PidFileLock(file);
    const b = new PidFileLock(file);
    expect(await a.tryAcquire()).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    expect(await b.tryAcquire()).toBe(false);
    expect(await a.tryAcquire()).toBe(true); // re-entrant for its holder
    await a.release();
    expect(existsSync(file)).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
  });

  it('is refused while another running process holds it', async () => {
    const file = lockFile();
    const first = new PidFileLock(file);
    await first.tryAcquire();
    await first.release();
    writeFileSync(file, `${process.ppid}\n`);
    expect(await new PidFileLock(file).tryAcquire()).toBe(false);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('takes over a file left by a process that died (kill -9), an empty or garbled one, and our own pid from an earlier life', async () => {
    for (const content of [`${await deadPid()}\n`, '', 'garbage\n', `${process.pid}\n`]) {
      const file = lockFile();
      const first = new PidFileLock(file);
      await first.tryAcquire();
      await first.release();
      writeFileSync(file, content);
      const lock = new PidFileLock(file);
      expect(await lock.tryAcquire(), JSON.stringify(content)).toBe(true);
      expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
      await lock.release();
    }
  });

  it('waits out a takeover left half-done by a process that died, then takes over', async () => {
    const file = lockFile();
    const seed = new PidFileLock(file);
    await seed.tryAcquire();
    await seed.release();
    writeFileSync(file, `${await deadPid()}\n`);
    writeFileSync(`${file}.takeover`, '1\n');
    const lock = new PidFileLock(file);
    expect(await lock.tryAcquire()).toBe(false); // a takeover may be under way
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.takeover`, old, old);
    expect(await lock.tryAcquire()).toBe(false); // the abandoned takeover file is cleared
    expect(existsSync(`${file}.takeover`)).toBe(false);
    expect(await lock.tryAcquire()).toBe(true);
    await lock.release();
  });

  it('lets only one of two objects racing for a stale file win', async () => {
    const file = lockFile();
    const seed = new PidFileLock(file);
    await seed.tryAcquire();
    await seed.release();
    writeFileSync(file, `${await deadPid()}\n`);
    const locks = Array.from({ length: 6 }, () => new PidFileLock(file));
    const won = await Promise.all(locks.map((l) => l.tryAcquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    await Promise.all(locks.map((l) => l.release()));
  });
});

describe('the pid-file lock across processes', () => {
  it('lets exactly one of several processes racing for a stale file win', async () => {
    const file = lockFile();
    const seed = new PidFileLock(file);
    await seed.tryAcquire();
    await seed.release();
    writeFileSync(file, `${await deadPid()}\n`);
    const startAt = Date.now() + 2500;
    const racers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'ledger', 'lock-child.ts'), file, String(startAt)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      return new Promise<string>((r) => child.on('close', () => r(out.trim())));
    });
    const results = await Promise.all(racers);
    expect(results.filter((r) => r === 'won'), results.join(',')).toHaveLength(1);
    expect(results.filter((r) => r === 'lost')).toHaveLength(3);
  }, 30_000);
});

describe.runIf(dialects().includes('postgres'))('the PostgreSQL advisory lock', () => {
  it('is held by one session per log, freed when released or when its connection dies', async () => {
    const db = await freshDatabase('postgres');
    cleanup.push(() => db.drop());
    const url = db.databaseUrl!;
    const a = new PgAdvisoryLock(url, 'audit', 100);
    const b = new PgAdvisoryLock(url, 'audit', 100);
    const other = new PgAdvisoryLock(url, 'other-log', 100);
    cleanup.push(() => Promise.all([a.release(), b.release(), other.release()]).then(() => undefined));
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await other.tryAcquire()).toBe(true); // another log, another lock
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    expect(b.held).toBe(true);
    // An administrator (or a network failure) ends b's session: b notices and the lock is free.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    cleanup.push(() => admin.end());
    await admin.query('select pg_terminate_backend(pid) from pg_locks where locktype = $1 and classid = $2 and objid = $3', [
      'advisory',
      LEDGER_LOCK_CLASS,
      lockKeyOf('audit') >>> 0,
    ]);
    const deadline = Date.now() + 5000;
    while (b.held && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(b.held).toBe(false);
    expect(await a.tryAcquire()).toBe(true);
  });

  it('answers false, not an error, when the database cannot be reached', async () => {
    const lock = new PgAdvisoryLock('postgres://nobody@127.0.0.1:1/none', 'audit');
    expect(await lock.tryAcquire()).toBe(false);
    expect(lock.held).toBe(false);
  });
});
