// Tiles: paths both ways, which tiles a tree has, encodings with strict lengths, and proofs read from tiles.
import { describe, expect, it } from 'vitest';
import { LedgerError, MalformedError } from '../../src/ledger/errors.js';
import { inclusionProof, leafHash, MemoryTree, treeHash, verifyInclusion, consistencyProof, verifyConsistency } from '../../src/ledger/merkle.js';
import {
  decodeEntryBundle,
  decodeHashTile,
  encodeEntryBundle,
  encodeHashTile,
  encodeTileIndex,
  ENTRIES,
  partialTiles,
  parseTilePath,
  tileHashReader,
  tilePath,
  tilesForSize,
  type TileId,
} from '../../src/ledger/tiles.js';
import { TreeEdge } from '../../src/ledger/writer.js';

describe('paths', () => {
  it.each<[number, string]>([
    [0, '000'],
    [7, '007'],
    [999, '999'],
    [1000, 'x001/000'],
    [1234067, 'x001/x234/067'],
    [Number.MAX_SAFE_INTEGER, 'x009/x007/x199/x254/x740/991'],
  ])('encodes index %d as %s', (n, s) => {
    expect(encodeTileIndex(n)).toBe(s);
  });

  it.each<[TileId, string]>([
    [{ level: 0, index: 0, width: 256 }, 'tile/0/000'],
    [{ level: 3, index: 1234067, width: 256 }, 'tile/3/x001/x234/067'],
    [{ level: 0, index: 1, width: 5 }, 'tile/0/001.p/5'],
    [{ level: ENTRIES, index: 1234, width: 255 }, 'tile/entries/x001/234.p/255'],
    [{ level: 63, index: 0, width: 1 }, 'tile/63/000.p/1'],
  ])('writes and parses %j as %s', (t, p) => {
    expect(tilePath(t)).toBe(p);
    expect(parseTilePath(p)).toEqual(t);
  });

  it.each([
    'tile/0/0',
    'tile/0/0000',
    'tile/0/x001',
    'tile/0/001/002',
    'tile/0/x000/123',
    'tile/0/X001/000',
    'tile/00/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/data/000',
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/05',
    'tile/0/000.p/',
    'tile/0/000.p',
    'tile/0/x001.p/5',
    'tile/0/000/',
    'tile/0/../../etc/passwd',
    'tile//000',
    'tiles/0/000',
    '/tile/0/000',
    'tile/0/00a',
    'tile/0/x999/x999/x999/x999/x999/x999/999',
    'checkpoint',
    '',
  ])('refuses the path %j', (p) => {
    expect(() => parseTilePath(p)).toThrow(MalformedError);
  });
});

describe('tiles of a tree', () => {
  const count = (size: number) => {
    const all = [...tilesForSize(size)];
    return {
      entries: all.filter((t) => t.level === ENTRIES).length,
      byLevel: [0, 1, 2, 3].map((l) => all.filter((t) => t.level === l).map((t) => t.width)),
    };
  };

  it('matches the spec example: a tree of 70,000 leaves', () => {
    const c = count(70_000);
    expect(c.entries).toBe(274);
    expect(c.byLevel[0]!.length).toBe(274);
    expect(c.byLevel[0]!.filter((w) => w === 256).length).toBe(273);
    expect(c.byLevel[0]!.at(-1)).toBe(112);
    expect(c.byLevel[1]).toEqual([256, 17]);
    expect(c.byLevel[2]).toEqual([1]);
    expect(c.byLevel[3]).toEqual([]);
  });

  it('gives a tree of 256 a full level-0 tile and a level-1 tile of width 1', () => {
    const c = count(256);
    expect(c.byLevel[0]).toEqual([256]);
    expect(c.byLevel[1]).toEqual([1]);
    expect(partialTiles(256)).toEqual([{ level: 1, index: 0, width: 1 }]);
  });

  it('has no tiles for the empty tree', () => {
    expect([...tilesForSize(0)]).toEqual([]);
    expect(() => [...tilesForSize(-1)]).toThrow(MalformedError);
  });
});

describe('encodings', () => {
  const h = (n: number) => Buffer.alloc(32, n);

  it('concatenates hashes and splits them back, refusing truncated or oversized tiles', () => {
    const tile = encodeHashTile([h(1), h(2), h(3)]);
    expect(tile).toHaveLength(96);
    expect(decodeHashTile(tile, 3)).toEqual([h(1), h(2), h(3)]);
    expect(() => decodeHashTile(tile.subarray(0, 95), 3)).toThrow(MalformedError);
    expect(() => decodeHashTile(Buffer.concat([tile, Buffer.alloc(1)]), 3)).toThrow(MalformedError);
    expect(() => decodeHashTile(tile, 2)).toThrow(MalformedError);
    expect(() => decodeHashTile(Buffer.alloc(0), 1)).toThrow(MalformedError);
    expect(() => encodeHashTile([])).toThrow(MalformedError);
    expect(() => encodeHashTile(Array.from({ length: 257 }, () => h(0)))).toThrow(MalformedError);
    expect(() => encodeHashTile([Buffer.alloc(31)])).toThrow(MalformedError);
  });

  it('length-prefixes entries with big-endian uint16 and refuses damaged bundles', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
    expect(bundle.subarray(0, 4)).toEqual(Buffer.from([0, 2, 0x61, 0x62]));
    expect(bundle.subarray(4, 8)).toEqual(Buffer.from([0, 0, 0x01, 0x2c]));
    expect(decodeEntryBundle(bundle, 3).map((e) => e.length)).toEqual([2, 0, 300]);
    expect(() => decodeEntryBundle(bundle, 2)).toThrow(/more than 2/);
    expect(() => decodeEntryBundle(bundle, 4)).toThrow(/3 entries, not 4/);
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1), 3)).toThrow(/truncated/);
    expect(() => decodeEntryBundle(Buffer.concat([bundle, Buffer.from([0])]), 3)).toThrow(MalformedError);
    expect(() => decodeEntryBundle(Buffer.from([0xff, 0xff, 1]), 1)).toThrow(/truncated/);
    expect(() => encodeEntryBundle([Buffer.alloc(65536)])).toThrow(MalformedError);
    expect(decodeEntryBundle(encodeEntryBundle([Buffer.alloc(65535)]), 1)[0]).toHaveLength(65535);
  });
});

describe('a hash reader over tiles', () => {
  /** Builds every tile of a tree in memory through the writer's edge, as storage would hold them. */
  function build(n: number) {
    const edge = TreeEdge.empty();
    const tiles = new Map<string, Uint8Array>();
    const mem = new MemoryTree();
    const entries = Array.from({ length: n }, (_, i) => Buffer.from(`e${i}`));
    for (let i = 0; i < n; i += 100) for (const p of edge.append(entries.slice(i, i + 100))) tiles.set(p.path, p.data);
    entries.forEach((e) => mem.appendData(e));
    return { tiles, mem, entries, fetch: (t: TileId) => Promise.resolve(tiles.get(tilePath(t)) ?? null) };
  }

  it('gives the same roots and proofs as the full in-memory tree', async () => {
    const { mem, entries, fetch } = build(70_000);
    // Partial tiles exist only for sizes the log reached (here: every 100 entries).
    for (const size of [70_000, 65_600, 25_600, 6_400, 300, 100]) {
      const reader = tileHashReader(size, fetch);
      const root = await treeHash(size, reader);
      expect(root).toEqual(await mem.root(size));
      for (const i of [0, size - 1, Math.floor(size / 3)]) {
        const proof = await inclusionProof(i, size, reader);
        expect(proof).toEqual(await inclusionProof(i, size, mem));
        verifyInclusion(leafHash(entries[i]!), i, size, proof, root);
      }
    }
    const proof = await consistencyProof(300, 70_000, tileHashReader(70_000, fetch));
    verifyConsistency(300, 70_000, proof, await mem.root(300), await mem.root(70_000));
  });

  it('fails clearly on a missing or damaged tile', async () => {
    const { tiles, fetch } = build(600);
    tiles.delete('tile/0/002.p/88');
    await expect(treeHash(600, tileHashReader(600, fetch))).rejects.toThrow(/missing tile tile\/0\/002\.p\/88/);
    tiles.set('tile/0/002.p/88', Buffer.alloc(87 * 32));
    await expect(treeHash(600, tileHashReader(600, fetch))).rejects.toThrow(MalformedError);
    await expect(inclusionProof(0, 601, tileHashReader(600, fetch))).rejects.toThrow(LedgerError);
  });
});
