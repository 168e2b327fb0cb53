// The contract every LedgerStorage backend passes, one test body for all (like the SQL dialects): paths, immutability, limits.
import { beforeEach, describe, expect, it } from 'vitest';
import { ImmutableWriteError, MalformedError } from '../../../src/ledger/errors.js';
import { tileFetcher, type LedgerStorage } from '../../../src/ledger/storage.js';

/** One log on one backend, plus ways around the storage class to see and plant what is really stored. */
export interface StorageHarness {
  storage: LedgerStorage;
  /** A second, independent handle on the same log, as another process or instance would open it. */
  other(): LedgerStorage;
  /** Every object stored for the log (temp files included), as paths relative to the log, sorted. */
  list(): Promise<string[]>;
  rawGet(path: string): Promise<Buffer | null>;
  rawPut(path: string, data: Uint8Array): Promise<void>;
}

export interface Backend {
  name: string;
  /**
   * Whether two writers racing to create one full tile are serialised by the backend, so exactly one
   * wins. False for object stores without conditional writes (see docs/ledger.md, "S3 storage").
   */
  exclusiveCreate: boolean;
  /** A fresh, empty log; disposed of by the backend's own hooks. */
  fresh(): Promise<StorageHarness>;
}

export const fullTile = (n: number) => Buffer.alloc(256 * 32, n);

export const INVALID_PATHS = ['', 'checkpoint2', '../checkpoint', 'tile/0/../../x', 'tile/0/0', '/etc/passwd', 'tile/entries/000/', '.tmp/x'];

/** Declares the contract's tests for one backend (call inside a describe). */
export function storageContract(backend: Backend): void {
  let h: StorageHarness;
  let storage: LedgerStorage;
  beforeEach(async () => {
    h = await backend.fresh();
    storage = h.storage;
  });

  describe('paths', () => {
    it.each(INVALID_PATHS)('refuses to read or write %j, and writes nothing', async (p) => {
      await expect(storage.put(p, Buffer.from('x'))).rejects.toThrow(MalformedError);
      await expect(storage.get(p)).rejects.toThrow(MalformedError);
      await expect(storage.exists(p)).rejects.toThrow(MalformedError);
      await expect(storage.putAll([{ path: 'tile/0/000', data: fullTile(1) }, { path: p, data: Buffer.from('x') }])).rejects.toThrow(MalformedError);
      expect(await h.list()).toEqual([]);
    });
  });

  describe('reading and writing', () => {
    it('stores objects at their tlog-tiles paths and reads them back', async () => {
      await storage.putAll([
        { path: 'tile/0/x001/234.p/5', data: Buffer.alloc(160, 1) },
        { path: 'tile/entries/000', data: Buffer.from([0, 1, 65]) },
        { path: 'checkpoint', data: Buffer.from('note\n') },
      ]);
      expect(await h.rawGet('tile/0/x001/234.p/5')).toEqual(Buffer.alloc(160, 1));
      expect(await storage.get('tile/entries/000')).toEqual(Buffer.from([0, 1, 65]));
      expect(await storage.get('tile/0/000')).toBeNull();
      expect(await storage.exists('checkpoint')).toBe(true);
      expect(await storage.exists('tile/1/000')).toBe(false);
      expect(await h.list()).toEqual(['checkpoint', 'tile/0/x001/234.p/5', 'tile/entries/000']); // nothing else left behind
    });

    it('reads an empty object as empty, not as missing', async () => {
      await storage.put('tile/0/000.p/1', Buffer.alloc(0));
      expect(await storage.get('tile/0/000.p/1')).toEqual(Buffer.alloc(0));
      expect(await storage.exists('tile/0/000.p/1')).toBe(true);
    });

    it('keeps full tiles immutable: the same bytes again are a no-op, other bytes are refused', async () => {
      await storage.put('tile/0/000', fullTile(1));
      await storage.put('tile/0/000', fullTile(1));
      await expect(storage.put('tile/0/000', fullTile(2))).rejects.toThrow(ImmutableWriteError);
      expect(await storage.get('tile/0/000')).toEqual(fullTile(1));
    });

    it('keeps full entry bundles immutable too, also through a second handle', async () => {
      const bundle = Buffer.concat(Array.from({ length: 256 }, (_, i) => Buffer.from([0, 1, i])));
      await storage.putAll([{ path: 'tile/entries/x002/003', data: bundle }]);
      await h.other().put('tile/entries/x002/003', bundle);
      const changed = Buffer.from(bundle);
      changed[2] = 255 - bundle[2]!;
      await expect(h.other().putAll([{ path: 'tile/entries/x002/003', data: changed }])).rejects.toThrow(ImmutableWriteError);
      await expect(storage.put('tile/entries/x002/003', bundle.subarray(0, 3))).rejects.toThrow(/already exists with different contents/);
      expect(await h.rawGet('tile/entries/x002/003')).toEqual(bundle);
    });

    it('lets only one of two racing writers create a full tile', async () => {
      const results = await Promise.allSettled([storage.put('tile/1/000', fullTile(3)), h.other().put('tile/1/000', fullTile(4))]);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      for (const r of rejected) expect(r.reason).toBeInstanceOf(ImmutableWriteError);
      if (backend.exclusiveCreate) {
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(rejected).toHaveLength(1);
      } else {
        // Without conditional writes two racers within one round trip may both succeed; never both fail.
        expect(rejected.length).toBeLessThan(2);
      }
      expect([fullTile(3), fullTile(4)]).toContainEqual(await storage.get('tile/1/000'));
    });

    it('replaces partial tiles and the checkpoint', async () => {
      await storage.put('checkpoint', Buffer.from('one\n'));
      await storage.put('checkpoint', Buffer.from('two\n'));
      expect((await storage.get('checkpoint'))!.toString()).toBe('two\n');
      await storage.put('tile/0/000.p/1', Buffer.alloc(32, 1));
      await storage.put('tile/0/000.p/1', Buffer.alloc(32, 2));
      expect(await storage.get('tile/0/000.p/1')).toEqual(Buffer.alloc(32, 2));
      await storage.put('tile/entries/000.p/1', Buffer.from([0, 1, 1]));
      await storage.put('tile/entries/000.p/1', Buffer.from([0, 1, 2]));
      expect(await h.rawGet('tile/entries/000.p/1')).toEqual(Buffer.from([0, 1, 2]));
    });

    it('writes a large batch, every object landing', async () => {
      const items = Array.from({ length: 40 }, (_, i) => ({ path: `tile/0/${String(i).padStart(3, '0')}`, data: fullTile(i) }));
      await storage.putAll([...items, { path: 'checkpoint', data: Buffer.from('n\n') }]);
      for (const it of items) expect(await storage.get(it.path)).toEqual(it.data);
      expect(await h.list()).toHaveLength(41);
    });

    it('accepts an empty batch', async () => {
      await storage.putAll([]);
      expect(await h.list()).toEqual([]);
    });
  });

  describe('hostile objects', () => {
    it('refuses an oversized tile or checkpoint instead of reading it whole', async () => {
      await h.rawPut('tile/0/000', Buffer.alloc(256 * 32 + 1));
      await expect(storage.get('tile/0/000')).rejects.toThrow(MalformedError);
      await h.rawPut('tile/0/001.p/2', Buffer.alloc(65));
      await expect(storage.get('tile/0/001.p/2')).rejects.toThrow(/more than such an object can hold/);
      await h.rawPut('checkpoint', Buffer.alloc((1 << 20) + 1));
      await expect(storage.get('checkpoint')).rejects.toThrow(MalformedError);
    });

    it('reads objects at exactly their size limit', async () => {
      await h.rawPut('tile/3/000.p/2', Buffer.alloc(64, 7));
      expect(await storage.get('tile/3/000.p/2')).toEqual(Buffer.alloc(64, 7));
    });

    it('refuses to overwrite a planted full tile with other bytes', async () => {
      await h.rawPut('tile/2/000', fullTile(9));
      await expect(storage.put('tile/2/000', fullTile(8))).rejects.toThrow(ImmutableWriteError);
      expect(await h.rawGet('tile/2/000')).toEqual(fullTile(9));
    });
  });

  describe('tile fetchers', () => {
    it('reads tiles from storage by their path', async () => {
      await storage.put('tile/2/000.p/4', Buffer.alloc(128, 9));
      expect(await tileFetcher(storage)({ level: 2, index: 0, width: 4 })).toEqual(Buffer.alloc(128, 9));
      expect(await tileFetcher(storage)({ level: 2, index: 1, width: 4 })).toBeNull();
    });
  });
}
