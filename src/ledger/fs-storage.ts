// Filesystem storage for a log: the tlog-tiles layout on disk, written atomically (temp + fsync + rename/link + fsync dir).
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsc, fstatSync, openSync, readSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ImmutableWriteError, LedgerError } from './errors.js';
import { bytesEqual } from './merkle.js';
import { checkObjectSize, classifyPath, maxObjectSize, type LedgerStorage, type PutItem } from './storage.js';

export interface FsStorageOptions {
  /** fsync files and directories (default true). Only tests that do not care about durability turn it off. */
  sync?: boolean;
  /** How many files are written at once in putAll (default 16): fsyncs overlap well on most disks. */
  concurrency?: number;
  /**
   * Read with blocking calls (default false). For the command-line verifier, which reads thousands
   * of small files in a row: from the page cache a blocking read costs about a sixth of the CPU of
   * the promise-based route. Never in the server, where a slow disk would stall every request.
   */
  blockingReads?: boolean;
}

const isCode = (e: unknown, code: string) => (e as NodeJS.ErrnoException | null)?.code === code;

/** A log stored under one directory, served as-is by any static file server. */
export class FsStorage implements LedgerStorage {
  readonly root: string;
  private readonly sync: boolean;
  private readonly concurrency: number;
  private readonly blockingReads: boolean;
  private readonly knownDirs = new Set<string>();
  private readonly tmpDir: string;
  private counter = 0;

  constructor(root: string, opts: FsStorageOptions = {}) {
    this.root = resolve(root);
    this.sync = opts.sync ?? true;
    this.concurrency = Math.max(1, opts.concurrency ?? 16);
    this.blockingReads = opts.blockingReads ?? false;
    // Temp files live apart from the served tree, on the same filesystem so rename and link stay atomic.
    this.tmpDir = join(this.root, '.tmp');
  }

  private file(path: string): string {
    classifyPath(path);
    return join(this.root, ...path.split('/'));
  }

  async get(path: string): Promise<Uint8Array | null> {
    const file = this.file(path);
    if (this.blockingReads) return readBlocking(path, file);
    let fh;
    try {
      fh = await open(file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
    } catch (e) {
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return null;
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new LedgerError(`${path} is not a regular file`);
      const size = st.size;
      checkObjectSize(path, size);
      // Read one byte more than allowed, in case the file grew since stat.
      const buf = Buffer.allocUnsafe(Math.min(size, maxObjectSize(path)) + 1);
      let at = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
        if (at === buf.length) break;
      }
      checkObjectSize(path, at);
      return buf.subarray(0, at);
    } finally {
      await fh.close();
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      return (await stat(this.file(path))).isFile();
    } catch (e) {
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return false;
      throw e;
    }
  }

  put(path: string, data: Uint8Array): Promise<void> {
    return this.putAll([{ path, data }]);
  }

  async putAll(items: readonly PutItem[]): Promise<void> {
    // Refuse the whole batch before writing anything if one path is invalid.
    const plan = items.map((it) => ({ ...it, kind: classifyPath(it.path), file: this.file(it.path) }));
    const dirty = new Set<string>();
    await this.ensureDir(this.tmpDir, dirty);
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const it = plan[next++]!;
        await this.ensureDir(dirname(it.file), dirty);
        if (await this.writeOne(it.file, it.data, it.kind === 'immutable', it.path)) dirty.add(dirname(it.file));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, plan.length) }, worker));
    if (this.sync) await Promise.all([...dirty].map((d) => fsyncDir(d)));
  }

  /** Writes one file atomically; returns whether a directory entry changed. */
  private async writeOne(file: string, data: Uint8Array, immutable: boolean, path: string): Promise<boolean> {
    const tmp = join(this.tmpDir, `${process.pid}-${++this.counter}-${randomBytes(4).toString('hex')}`);
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      if (this.sync) await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      if (!immutable) {
        await rename(tmp, file);
        return true;
      }
      // link() refuses to replace an existing file, so two writers cannot both "create" a full tile.
      try {
        await link(tmp, file);
        return true;
      } catch (e) {
        if (!isCode(e, 'EEXIST')) throw e;
        const existing = await readFile(file);
        if (!bytesEqual(existing, data)) throw new ImmutableWriteError(`${path} already exists with different contents`);
        return false;
      }
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  private async ensureDir(dir: string, dirty: Set<string>): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    const first = await mkdir(dir, { recursive: true });
    if (first) {
      // Every directory created, and the one that gained the first of them, needs its entries made durable.
      for (let d = dir; d.length >= first.length; d = dirname(d)) dirty.add(dirname(d));
    }
    this.knownDirs.add(dir);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** `get` with blocking calls: the same checks (no symlinks, regular files, size limits), no promises. */
function readBlocking(path: string, file: string): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
  } catch (e) {
    if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return null;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LedgerError(`${path} is not a regular file`);
    checkObjectSize(path, st.size);
    // One byte more than allowed, in case the file grew since fstat.
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxObjectSize(path)) + 1);
    let at = 0;
    for (;;) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
      if (at === buf.length) break;
    }
    checkObjectSize(path, at);
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
