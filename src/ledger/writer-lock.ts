// One writer per log: a PostgreSQL session advisory lock across instances, a pid file for one SQLite data directory.
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';

/** Exclusive right to write one log. Only the holder sequences; the others hand entries over through the database. */
export interface WriterLock {
  /** Takes the lock if it is free; true when this process holds it now. Never throws for "taken". */
  tryAcquire(): Promise<boolean>;
  /** False again as soon as the lock is known lost (a dropped connection). */
  readonly held: boolean;
  release(): Promise<void>;
}

/** Every advisory lock Kilpi's ledger takes uses this first key; the second names the log. */
export const LEDGER_LOCK_CLASS = 7_461_002;

/** A stable signed 32-bit number for a log name (the second advisory lock key). */
export function lockKeyOf(log: string): number {
  return createHash('sha256').update(log, 'utf8').digest().readInt32BE(0);
}

/**
 * A session-level `pg_try_advisory_lock` held on a dedicated connection: PostgreSQL releases it
 * when that connection ends, so a crashed holder frees the log at once. A heartbeat notices a
 * silently dropped connection; the holder then stops writing.
 */
export class PgAdvisoryLock implements WriterLock {
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private held_ = false;

  constructor(
    private readonly url: string,
    private readonly log: string,
    private readonly heartbeatMs = 5000,
  ) {}

  get held(): boolean {
    return this.held_;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held_) return true;
    await this.drop();
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, keepAlive: true });
    client.on('error', () => void this.drop());
    client.on('end', () => void this.drop());
    try {
      await client.connect();
      const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [LEDGER_LOCK_CLASS, lockKeyOf(this.log)]);
      if (!r.rows[0]?.ok) {
        await client.end().catch(() => undefined);
        return false;
      }
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    this.held_ = true;
    this.heartbeat = setInterval(() => {
      client.query('select 1').catch(() => void this.drop());
    }, this.heartbeatMs);
    this.heartbeat.unref();
    return true;
  }

  private async drop(): Promise<void> {
    this.held_ = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  async release(): Promise<void> {
    // Ending the session releases its advisory locks.
    await this.drop();
  }
}

// Pid files this process holds, so two logs objects in one process cannot both take one file.
const heldHere = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A pid file next to an embedded (SQLite) database: one process sequences a data directory. A file
 * left by a process that no longer runs (kill -9, power loss) is taken over.
 */
export class PidFileLock implements WriterLock {
  private held_ = false;

  constructor(private readonly file: string) {}

  get held(): boolean {
    return this.held_;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held_) return true;
    if (heldHere.has(this.file)) return false;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(this.file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
        this.held_ = true;
        heldHere.add(this.file);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const content = await readFile(this.file, 'utf8').catch(() => '');
      const pid = Number(content.trim());
      // Our own pid in a file no object here holds is a leftover from an earlier process (a container restarted).
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
      // Stale: move it aside first, so of two processes taking over only one succeeds.
      const aside = `${this.file}.stale-${randomBytes(4).toString('hex')}`;
      try {
        await rename(this.file, aside);
      } catch {
        continue;
      }
      if ((await readFile(aside, 'utf8').catch(() => null)) !== content) {
        // Another process took over between our read and our rename: give its file back.
        await link(aside, this.file).catch(() => undefined);
        await unlink(aside).catch(() => undefined);
        return false;
      }
      await unlink(aside).catch(() => undefined);
    }
    return false;
  }

  async release(): Promise<void> {
    if (!this.held_) return;
    this.held_ = false;
    heldHere.delete(this.file);
    const pid = Number((await readFile(this.file, 'utf8').catch(() => '')).trim());
    if (pid === process.pid) await unlink(this.file).catch(() => undefined);
  }
}
