// Filesystem storage: the tlog-tiles layout on disk, immutable full tiles, atomic replacement, hostile paths and files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImmutableWriteError, LedgerError, MalformedError } from '../../src/ledger/errors.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { cachingTileFetcher, classifyPath, maxObjectSize, tileFetcher } from '../../src/ledger/storage.js';
import type { TileId } from '../../src/ledger/tiles.js';

let dir: string;
let storage: FsStorage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilpi-fs-'));
  storage = new FsStorage(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fullTile = (n: number) => Buffer.alloc(256 * 32, n);
const listTree = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTree(join(d, e.name)).map((p) => `${e.name}/${p}`) : [e.name]));

describe('paths and kinds', () => {
  it('classifies the checkpoint, full tiles and partial tiles', () => {
    expect(classifyPath('checkpoint')).toBe('checkpoint');
    expect(classifyPath('tile/0/000')).toBe('immutable');
    expect(classifyPath('tile/entries/x001/000')).toBe('immutable');
    expect(classifyPath('tile/0/000.p/3')).toBe('replaceable');
    expect(maxObjectSize('tile/0/000.p/3')).toBe(96);
    expect(maxObjectSize('tile/entries/000.p/2')).toBe(2 * 65537);
  });

  it.each(['', 'checkpoint2', '../checkpoint', 'tile/0/../../x', 'tile/0/0', '/etc/passwd', 'tile/entries/000/', '.tmp/x'])(
    'refuses to read or write %j, and writes nothing',
    async (p) => {
      await expect(storage.put(p, Buffer.from('x'))).rejects.toThrow(MalformedError);
      await expect(storage.get(p)).rejects.toThrow(MalformedError);
      await expect(storage.putAll([{ path: 'tile/0/000', data: fullTile(1) }, { path: p, data: Buffer.from('x') }])).rejects.toThrow(MalformedError);
      expect(listTree(dir)).toEqual([]);
    },
  );
});

describe('reading and writing', () => {
  it('stores objects at their tlog-tiles paths and reads them back', async () => {
    await storage.putAll([
      { path: 'tile/0/x001/234.p/5', data: Buffer.alloc(160, 1) },
      { path: 'tile/entries/000', data: Buffer.from([0, 1, 65]) },
      { path: 'checkpoint', data: Buffer.from('note\n') },
    ]);
    expect(readFileSync(join(dir, 'tile/0/x001/234.p/5'))).toEqual(Buffer.alloc(160, 1));
    expect(await storage.get('tile/entries/000')).toEqual(Buffer.from([0, 1, 65]));
    expect(await storage.get('tile/0/000')).toBeNull();
    expect(await storage.exists('checkpoint')).toBe(true);
    expect(await storage.exists('tile/1/000')).toBe(false);
    expect(readdirSync(join(dir, '.tmp'))).toEqual([]); // no temp file left behind
  });

  it('keeps full tiles immutable: the same bytes again are a no-op, other bytes are refused', async () => {
    await storage.put('tile/0/000', fullTile(1));
    await storage.put('tile/0/000', fullTile(1));
    await expect(storage.put('tile/0/000', fullTile(2))).rejects.toThrow(ImmutableWriteError);
    expect(await storage.get('tile/0/000')).toEqual(fullTile(1));
  });

  it('lets only one of two racing writers create a full tile', async () => {
    const other = new FsStorage(dir);
    const results = await Promise.allSettled([storage.put('tile/1/000', fullTile(3)), other.put('tile/1/000', fullTile(4))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ImmutableWriteError);
    expect([fullTile(3), fullTile(4)]).toContainEqual(await storage.get('tile/1/000'));
  });

  it('replaces partial tiles and the checkpoint atomically', async () => {
    await storage.put('checkpoint', Buffer.from('one\n'));
    await storage.put('checkpoint', Buffer.from('two\n'));
    expect((await storage.get('checkpoint'))!.toString()).toBe('two\n');
    await storage.put('tile/0/000.p/1', Buffer.alloc(32, 1));
    await storage.put('tile/0/000.p/1', Buffer.alloc(32, 2));
    expect(await storage.get('tile/0/000.p/1')).toEqual(Buffer.alloc(32, 2));
  });

  it('works without fsync when asked (for throwaway data)', async () => {
    const fast = new FsStorage(dir, { sync: false });
    await fast.put('tile/0/000.p/1', Buffer.alloc(32, 1));
    expect(await fast.get('tile/0/000.p/1')).toEqual(Buffer.alloc(32, 1));
  });
});

describe('hostile files on disk', () => {
  it('refuses an oversized tile instead of reading it whole', async () => {
    mkdirSync(join(dir, 'tile/0'), { recursive: true });
    writeFileSync(join(dir, 'tile/0/000'), Buffer.alloc(256 * 32 + 1));
    await expect(storage.get('tile/0/000')).rejects.toThrow(MalformedError);
    writeFileSync(join(dir, 'checkpoint'), Buffer.alloc((1 << 20) + 1));
    await expect(storage.get('checkpoint')).rejects.toThrow(MalformedError);
  });

  it('refuses a directory or a symlink where a tile should be', async () => {
    mkdirSync(join(dir, 'tile/0/000'), { recursive: true });
    await expect(storage.get('tile/0/000')).rejects.toThrow(LedgerError);
    mkdirSync(join(dir, 'tile/1'), { recursive: true });
    writeFileSync(join(dir, 'secret'), 'x');
    symlinkSync(join(dir, 'secret'), join(dir, 'tile/1/000'));
    await expect(storage.get('tile/1/000')).rejects.toThrow();
  });
});

describe('tile fetchers', () => {
  it('caches tiles, the least recently used leaving first', async () => {
    let calls = 0;
    const base = (t: TileId) => {
      calls++;
      return Promise.resolve(Buffer.alloc(t.width * 32, 1));
    };
    const cached = cachingTileFetcher(base, 2);
    const first = await cached({ level: 0, index: 0, width: 256 });
    expect(await cached({ level: 0, index: 0, width: 256 })).toBe(first);
    expect(calls).toBe(1);
    await cached({ level: 0, index: 1, width: 3 }); // a partial tile's path names its width: safe to keep
    await cached({ level: 0, index: 1, width: 3 });
    expect(calls).toBe(2);
    await cached({ level: 0, index: 2, width: 256 });
    await cached({ level: 0, index: 0, width: 256 }); // evicted by the two above
    expect(calls).toBe(4);
  });

  it('reads tiles from storage by their path', async () => {
    await storage.put('tile/2/000.p/4', Buffer.alloc(128, 9));
    expect(await tileFetcher(storage)({ level: 2, index: 0, width: 4 })).toEqual(Buffer.alloc(128, 9));
  });
});
