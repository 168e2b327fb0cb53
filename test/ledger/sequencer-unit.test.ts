// The sequencer's loop alone, with an in-memory outbox and storage: retries that commits cannot hurry, and waiting for coverage.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519Signer } from '../../src/ledger/ed25519.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { Sequencer, type Outbox, type StagedEntry } from '../../src/ledger/sequencer.js';
import type { LedgerStorage, PutItem } from '../../src/ledger/storage.js';
import { verifyLog } from '../../src/ledger/verify.js';
import type { WriterLock } from '../../src/ledger/writer-lock.js';

const ORIGIN = 'kilpi.test/audit';
const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 3));
const verifier = parseVerifierKey(verifierKeyOf(signer));

class MemoryStorage implements LedgerStorage {
  readonly objects = new Map<string, Uint8Array>();
  puts = 0;
  failing = false;
  async get(path: string) {
    return this.objects.get(path) ?? null;
  }
  async exists(path: string) {
    return this.objects.has(path);
  }
  async put(path: string, data: Uint8Array) {
    await this.putAll([{ path, data }]);
  }
  async putAll(items: readonly PutItem[]) {
    this.puts++;
    if (this.failing) throw new Error('storage is down');
    for (const it of items) this.objects.set(it.path, Buffer.from(it.data));
  }
}

class MemoryOutbox implements Outbox {
  waiting: Uint8Array[] = [];
  staged_: StagedEntry[] = [];
  listeners = new Set<() => void>();
  commit(n: number) {
    for (let k = 0; k < n; k++) this.waiting.push(Buffer.from(`entry ${this.staged_.length + this.waiting.length}`));
    for (const l of this.listeners) l();
  }
  async stage(max: number) {
    const batch = this.waiting.splice(0, max).map((commitment, k) => ({ index: this.staged_.length + k, commitment }));
    this.staged_.push(...batch);
    return batch;
  }
  async staged(from: number, to: number) {
    return this.staged_.slice(from, to);
  }
  async stagedSize() {
    return this.staged_.length;
  }
  onCommitted(l: () => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

class FakeLock implements WriterLock {
  attempts = 0;
  constructor(public free: boolean) {}
  held = false;
  async tryAcquire() {
    this.attempts++;
    if (this.free) this.held = true;
    return this.held;
  }
  async release() {
    this.held = false;
  }
}

const running: Sequencer[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

function sequencer(opts: { lock?: FakeLock; storage?: MemoryStorage; outbox?: MemoryOutbox; tuning?: object } = {}) {
  const storage = opts.storage ?? new MemoryStorage();
  const outbox = opts.outbox ?? new MemoryOutbox();
  const lock = opts.lock ?? new FakeLock(true);
  let recorded = 0;
  const seq = new Sequencer({
    name: 'audit',
    origin: ORIGIN,
    storage,
    signer,
    verifier,
    outbox,
    lock,
    log: pino({ level: 'silent' }),
    record: { recordedSize: async () => recorded, record: async (size) => void (recorded = Math.max(recorded, size)) },
    tuning: { checkpointIntervalMs: 20, pollMs: 60_000, lockRetryMs: 1000, ...opts.tuning },
  });
  running.push(seq);
  return { seq, storage, outbox, lock };
}

describe('the sequencer loop', () => {
  it('appends what is committed and resolves waitFor once a checkpoint covers it', async () => {
    const { seq, storage, outbox } = sequencer();
    seq.start();
    outbox.commit(300);
    expect(await seq.waitFor(299, 5000)).toBe(300);
    outbox.commit(1);
    expect(await seq.waitFor(300, 5000)).toBe(301);
    expect((await verifyLog({ source: storage, verifiers: [verifier] })).entries).toBe(301);
  });

  it('times out waitFor with a clear message when nothing covers the entry', async () => {
    const { seq } = sequencer({ lock: new FakeLock(false) });
    seq.start();
    await expect(seq.waitFor(0, 150)).rejects.toThrow('entry 0 of log audit is not covered by a checkpoint after 150 ms');
  });

  it('without the lock, tries it every lockRetryMs, not on every commit', async () => {
    const { seq, outbox, lock } = sequencer({ lock: new FakeLock(false) });
    seq.start();
    for (let k = 0; k < 50; k++) {
      outbox.commit(1);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(lock.attempts).toBeLessThanOrEqual(2);
    expect(seq.status.writer).toBe(false);
    expect(outbox.staged_).toHaveLength(0); // a non-writer stages nothing
  });

  it('backs off after a failure however many commits poke it, then recovers', async () => {
    const storage = new MemoryStorage();
    storage.failing = true;
    const { seq, outbox } = sequencer({ storage });
    seq.start();
    for (let k = 0; k < 40; k++) {
      outbox.commit(1);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Back-off of 200, 400 … ms: a handful of attempts in 200 ms, not one per commit.
    expect(storage.puts).toBeLessThanOrEqual(4);
    expect(seq.status.lastError).toBe('storage is down');
    storage.failing = false;
    expect(await seq.waitFor(39, 10_000)).toBe(40);
    for (let k = 0; k < 100 && seq.status.lastError !== null; k++) await new Promise((r) => setTimeout(r, 10));
    expect(seq.status.lastError).toBeNull();
  });

  it('stops promptly while asleep, and releases its lock', async () => {
    const { seq, lock } = sequencer();
    seq.start();
    await seq.waitFor(-1, 1000);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await seq.stop();
    expect(performance.now() - t0).toBeLessThan(200);
    expect(lock.held).toBe(false);
  });
});
