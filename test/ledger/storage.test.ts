// The rules every storage backend shares: path kinds and size limits, and the tile cache in front of any source.
import { describe, expect, it } from 'vitest';
import { MalformedError } from '../../src/ledger/errors.js';
import { cachingTileFetcher, checkObjectSize, classifyPath, maxObjectSize } from '../../src/ledger/storage.js';
import type { TileId } from '../../src/ledger/tiles.js';
import { INVALID_PATHS } from './helpers/storage-contract.js';

describe('paths and kinds', () => {
  it('classifies the checkpoint, full tiles and partial tiles', () => {
    expect(classifyPath('checkpoint')).toBe('checkpoint');
    expect(classifyPath('tile/0/000')).toBe('immutable');
    expect(classifyPath('tile/entries/x001/000')).toBe('immutable');
    expect(classifyPath('tile/0/000.p/3')).toBe('replaceable');
    expect(maxObjectSize('tile/0/000.p/3')).toBe(96);
    expect(maxObjectSize('tile/entries/000.p/2')).toBe(2 * 65537);
  });

  it.each(INVALID_PATHS)('refuses %j', (p) => {
    expect(() => classifyPath(p)).toThrow(MalformedError);
  });

  it('refuses sizes above the limit only', () => {
    expect(() => checkObjectSize('tile/0/000', 256 * 32)).not.toThrow();
    expect(() => checkObjectSize('tile/0/000', 256 * 32 + 1)).toThrow(MalformedError);
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
});
