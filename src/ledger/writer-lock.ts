// One writer per log: a PostgreSQL session advisory lock across instances, a pid file for one SQLite data directory.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
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

// Pid files this process holds, and the attempt in flight per file: objects in one process share a
// pid, so they must take turns (between processes, the pid in the file tells them apart).
const heldHere = new Set<string>();
/** A takeover file older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
const attempts = new Map<string, Promise<unknown>>();

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

  tryAcquire(): Promise<boolean> {
    const turn = (attempts.get(this.file) ?? Promise.resolve()).then(() => this.attempt());
    const settled = turn.catch(() => undefined);
    attempts.set(this.file, settled);
    void settled.then(() => {
      if (attempts.get(this.file) === settled) attempts.delete(this.file);
    });
    return turn;
  }

  private async attempt(): Promise<boolean> {
    if (this.held_) return true;
    if (heldHere.has(this.file)) return false;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    if (await this.create()) return true;
    const content = await readFile(this.file, 'utf8').catch(() => null);
    if (content === null) return this.create(); // released just now
    const pid = Number(content.trim());
    // Our own pid in a file no object here holds is a leftover from an earlier process (a container restarted).
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
    // Stale. Only the holder of the takeover file may remove it, so of several processes taking
    // over at once exactly one does; a takeover file left by a crash is ignored after a while.
    const takeover = `${this.file}.takeover`;
    try {
      await writeFile(takeover, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await stat(takeover).catch(() => null);
      if (st && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS) await unlink(takeover).catch(() => undefined);
      return false;
    }
    try {
      // Still the stale file we judged? Then nobody else can have replaced it: they would need the takeover file.
      if ((await readFile(this.file, 'utf8').catch(() => null)) !== content) return false;
      await unlink(this.file).catch(() => undefined);
      return await this.create();
    } finally {
      await unlink(takeover).catch(() => undefined);
    }
  }

  /** Creates the lock file with our pid; false when it exists. */
  private async create(): Promise<boolean> {
    try {
      await writeFile(this.file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    this.held_ = true;
    heldHere.add(this.file);
    return true;
  }

  async release(): Promise<void> {
    if (!this.held_) return;
    this.held_ = false;
    heldHere.delete(this.file);
    const pid = Number((await readFile(this.file, 'utf8').catch(() => '')).trim());
    if (pid === process.pid) await unlink(this.file).catch(() => undefined);
  }
}
