// Filesystem storage: the shared storage contract, plus what only a filesystem has (temp files, fsync, directories, symlinks).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImmutableWriteError, LedgerError } from '../../src/ledger/errors.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { storageContract } from './helpers/storage-contract.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kilpi-fs-'));
  dirs.push(d);
  return d;
};
const listTree = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTree(join(d, e.name)).map((p) => `${e.name}/${p}`) : [e.name]));
const readOrNull = (f: string) => {
  try {
    return readFileSync(f);
  } catch {
    return null;
  }
};

// The contract again with blocking reads (what `kilpi ledger verify --dir` uses): the same answers.
describe.each([
  ['fs', {}],
  ['fs with blocking reads', { blockingReads: true }],
] as const)('the storage contract on the filesystem (%s)', (name, opts) => {
  storageContract({
    name,
    exclusiveCreate: true, // link() refuses an existing name
    fresh: () => {
      const dir = newDir();
      return Promise.resolve({
        storage: new FsStorage(dir, opts),
        other: () => new FsStorage(dir, opts),
        list: () => Promise.resolve(listTree(dir).sort()),
        rawGet: (p) => Promise.resolve(readOrNull(join(dir, p))),
        rawPut: (p, data) => {
          mkdirSync(dirname(join(dir, p)), { recursive: true });
          writeFileSync(join(dir, p), data);
          return Promise.resolve();
        },
      });
    },
  });
});

describe('filesystem specifics', () => {
  let dir: string;
  let storage: FsStorage;
  beforeEach(() => {
    dir = newDir();
    storage = new FsStorage(dir);
  });

  it('writes through a temp directory and leaves no temp file behind', async () => {
    await storage.putAll([
      { path: 'tile/0/x001/234.p/5', data: Buffer.alloc(160, 1) },
      { path: 'tile/entries/000', data: Buffer.from([0, 1, 65]) },
      { path: 'checkpoint', data: Buffer.from('note\n') },
    ]);
    expect(readFileSync(join(dir, 'tile/0/x001/234.p/5'))).toEqual(Buffer.alloc(160, 1));
    expect(readdirSync(join(dir, '.tmp'))).toEqual([]);
    await expect(storage.put('tile/entries/000', Buffer.from([0, 1, 66]))).rejects.toThrow(ImmutableWriteError);
    expect(readdirSync(join(dir, '.tmp'))).toEqual([]); // nor after a refused write
  });

  it('works without fsync when asked (for throwaway data)', async () => {
    const fast = new FsStorage(dir, { sync: false });
    await fast.put('tile/0/000.p/1', Buffer.alloc(32, 1));
    expect(await fast.get('tile/0/000.p/1')).toEqual(Buffer.alloc(32, 1));
  });

  it('refuses a directory or a symlink where a tile should be, with blocking reads too', async () => {
    mkdirSync(join(dir, 'tile/0/000'), { recursive: true });
    mkdirSync(join(dir, 'tile/1'), { recursive: true });
    writeFileSync(join(dir, 'secret'), 'x');
    symlinkSync(join(dir, 'secret'), join(dir, 'tile/1/000'));
    for (const s of [storage, new FsStorage(dir, { blockingReads: true })]) {
      await expect(s.get('tile/0/000')).rejects.toThrow(LedgerError);
      await expect(s.get('tile/1/000')).rejects.toThrow();
    }
  });

  it('refuses an oversized tile with blocking reads, as with the others', async () => {
    mkdirSync(join(dir, 'tile/0'), { recursive: true });
    writeFileSync(join(dir, 'tile/0/000'), Buffer.alloc(256 * 32 + 1));
    await expect(storage.get('tile/0/000')).rejects.toThrow(LedgerError);
    await expect(new FsStorage(dir, { blockingReads: true }).get('tile/0/000')).rejects.toThrow(LedgerError);
  });
});
