// The in-process writer: batches, signed checkpoints, resuming, refusing bad entries, and failures part-way.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { ed25519Signer } from '../../src/ledger/ed25519.js';
import { LedgerError, MalformedError, VerificationError } from '../../src/ledger/errors.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { EMPTY_ROOT, MemoryTree } from '../../src/ledger/merkle.js';
import type { LedgerStorage, PutItem } from '../../src/ledger/storage.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { LogWriter } from '../../src/ledger/writer.js';

const ORIGIN = 'kilpi.test/audit';
const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 1));
const verifier = parseVerifierKey(verifierKeyOf(signer));
const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`event ${from + i}`));

let dir: string;
let storage: FsStorage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilpi-writer-'));
  storage = new FsStorage(dir, { sync: false });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a new log', () => {
  it('starts with a signed empty checkpoint', async () => {
    const w = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    expect(w.checkpoint.size).toBe(0);
    const { checkpoint } = openCheckpoint((await storage.get('checkpoint'))!, [verifier]);
    expect(checkpoint).toMatchObject({ origin: ORIGIN, size: 0, rootHash: EMPTY_ROOT });
  });

  it('appends batches, each ending in a signed checkpoint with the right root', async () => {
    const w = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    const mem = new MemoryTree();
    let n = 0;
    for (const size of [1, 255, 1, 300, 1000]) {
      const batch = entries(n, size);
      batch.forEach((e) => mem.appendData(e));
      const r = await w.append(batch);
      expect(r.firstIndex).toBe(n);
      n += size;
      expect(r.size).toBe(n);
      expect(r.rootHash).toEqual(await mem.root());
      expect((await storage.get('checkpoint'))!.toString()).toBe(r.checkpoint);
      expect(openCheckpoint(r.checkpoint, [verifier]).checkpoint.rootHash).toEqual(r.rootHash);
    }
    await expect(verifyLog({ source: storage, verifiers: [verifier] })).resolves.toMatchObject({ entries: n });
  });

  it('serializes concurrent appends', async () => {
    const w = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => w.append(entries(i * 100, 100))));
    expect(results.map((r) => r.firstIndex).sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400]);
    expect(w.checkpoint.size).toBe(500);
    await verifyLog({ source: storage, verifiers: [verifier] });
  });
});

describe('resuming', () => {
  it('continues a stored log where its checkpoint left it', async () => {
    const mem = new MemoryTree();
    const first = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    const a = entries(0, 700);
    a.forEach((e) => mem.appendData(e));
    await first.append(a);
    const again = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    expect(again.checkpoint.size).toBe(700);
    const b = entries(700, 90);
    b.forEach((e) => mem.appendData(e));
    expect((await again.append(b)).rootHash).toEqual(await mem.root());
  });

  it('refuses a log signed by another key, or under another origin', async () => {
    await (await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] })).append(entries(0, 3));
    const stranger = ed25519Signer(ORIGIN, Buffer.alloc(32, 2));
    await expect(LogWriter.open({ storage, origin: ORIGIN, signers: [stranger] })).rejects.toThrow(VerificationError);
    await expect(LogWriter.open({ storage, origin: 'kilpi.test/other', signers: [signer] })).rejects.toThrow(VerificationError);
    await expect(LogWriter.open({ storage, origin: ORIGIN, signers: [] })).rejects.toThrow(MalformedError);
  });

  it('refuses to resume when a partial tile is missing or does not match the checkpoint', async () => {
    await (await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] })).append(entries(0, 300));
    writeFileSync(join(dir, 'tile/0/001.p/44'), Buffer.alloc(44 * 32));
    await expect(LogWriter.open({ storage, origin: ORIGIN, signers: [signer] })).rejects.toThrow(/do not match the checkpoint/);
    unlinkSync(join(dir, 'tile/0/001.p/44'));
    await expect(LogWriter.open({ storage, origin: ORIGIN, signers: [signer] })).rejects.toThrow(/tile\/0\/001\.p\/44 is missing/);
  });
});

describe('bad entries and failures', () => {
  it('refuses an oversized entry or an empty batch without changing the log', async () => {
    const w = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    await w.append(entries(0, 2));
    const before = (await storage.get('checkpoint'))!.toString();
    await expect(w.append([Buffer.from('ok'), Buffer.alloc(65536)])).rejects.toThrow(MalformedError);
    await expect(w.append([])).rejects.toThrow(MalformedError);
    expect((await storage.get('checkpoint'))!.toString()).toBe(before);
    expect((await w.append(entries(2, 1))).size).toBe(3);
  });

  it('stops after a storage failure part-way, and a reopened writer replays the batch', async () => {
    let failNext = false;
    const flaky: LedgerStorage = {
      get: (p) => storage.get(p),
      exists: (p) => storage.exists(p),
      put: (p, d) => storage.put(p, d),
      async putAll(items: readonly PutItem[]) {
        if (failNext) {
          failNext = false;
          await storage.putAll(items.slice(0, 1)); // some objects land, then the disk fails
          throw new Error('disk full');
        }
        return storage.putAll(items);
      },
    };
    const w = await LogWriter.open({ storage: flaky, origin: ORIGIN, signers: [signer] });
    await w.append(entries(0, 10));
    failNext = true;
    await expect(w.append(entries(10, 600))).rejects.toThrow('disk full');
    await expect(w.append(entries(10, 1))).rejects.toThrow(LedgerError);
    await verifyLog({ source: storage, verifiers: [verifier] }); // still the old, verifiable tree
    const reopened = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    expect(reopened.checkpoint.size).toBe(10);
    expect((await reopened.append(entries(10, 600))).size).toBe(610);
    await verifyLog({ source: storage, verifiers: [verifier] });
  });

  it('fails a batch queued behind one whose write failed, and never stores its checkpoint', async () => {
    let fail = true;
    const flaky: LedgerStorage = {
      get: (p) => storage.get(p),
      exists: (p) => storage.exists(p),
      put: (p, d) => storage.put(p, d),
      async putAll(items: readonly PutItem[]) {
        if (fail) {
          fail = false;
          throw new Error('io error');
        }
        return storage.putAll(items);
      },
    };
    const w = await LogWriter.open({ storage: flaky, origin: ORIGIN, signers: [signer] });
    const first = w.append(entries(0, 5));
    const second = w.append(entries(5, 5)); // hashed already, written only after the first
    await expect(first).rejects.toThrow('io error');
    await expect(second).rejects.toThrow(/reopen the log/);
    expect(openCheckpoint((await storage.get('checkpoint'))!, [verifier]).checkpoint.size).toBe(0);
    expect(w.checkpoint.size).toBe(0);
  });
});
