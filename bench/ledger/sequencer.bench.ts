// Sequencer benchmark (not a test): durable audit-event sequencing on SQLite, from commit to checkpoint coverage.
// Run: npm run bench:sequencer -- [--events 20000] [--backlog 200000] [--producers 4] [--batch 1024] [--interval 1000] [--keep]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { boot, type Booted } from '../../src/bootstrap.js';
import { systemActor, type Ctx } from '../../src/core/context.js';
import { mutate } from '../../src/core/mutation.js';
import { verifyLog } from '../../src/ledger/verify.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    backlog: { type: 'string', default: '200000' },
    producers: { type: 'string', default: '4' },
    batch: { type: 'string', default: '1024' },
    interval: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.events);
const BACKLOG = Number(args.backlog);
const PRODUCERS = Number(args.producers);
const BATCH = Number(args.batch);
const INTERVAL = Number(args.interval);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
function report(key: string, value: number, unit: string, note = '') {
  console.log(`  ${key.padEnd(64)} ${fmt(value, value < 10 ? 2 : 0).padStart(12)} ${unit}${note ? `  (${note})` : ''}`);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const dirs: string[] = [];
async function instance(): Promise<{ booted: Booted; ctx: Ctx }> {
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-seq-bench-'));
  dirs.push(dir);
  const booted = await boot({ dataDir: dir, log: pino({ level: 'warn' }), loadContent: false, ledgerTuning: { checkpointIntervalMs: INTERVAL, batchSize: BATCH, pollMs: 500 } });
  const s = booted.services;
  return { booted, ctx: { db: s.db, clock: s.clock, actor: systemActor('bench') } };
}

/** Commits `n` audit events quickly, 500 per transaction: a backlog for the sequencer to drain. */
async function produceBulk(ctx: Ctx, n: number): Promise<void> {
  for (let k = 0; k < n; k += 500) {
    await mutate(ctx, async (m) => {
      for (let j = k; j < Math.min(n, k + 500); j++) await m.record({ action: 'bench.append', entityType: 'bench', entityId: `b-${j}`, after: { j, name: 'Benchmark Person' } });
    });
  }
}

/** Commits `n` audit events from `PRODUCERS` concurrent writers, each yielding between commits like a server between requests. */
async function produce(ctx: Ctx, n: number, onCommit?: (k: number) => void): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const writer = async () => {
    while (next < n) {
      const k = next++;
      await mutate(ctx, async (m) => {
        await m.record({ action: 'bench.append', entityType: 'bench', entityId: `b-${k}`, before: null, after: { k, name: 'Benchmark Person', email: `p${k}@example.test`, status: 'active' } });
      });
      onCommit?.(k);
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, writer));
  return (performance.now() - t0) / 1000;
}

console.log(`Kilpi sequencer benchmark: ${fmt(N)} audit events, ${PRODUCERS} producers, batches of ${BATCH}, a checkpoint at most every ${INTERVAL} ms`);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; SQLite (WAL, synchronous=NORMAL), filesystem storage with fsync\n`);

try {
  // 1. The baseline: what mutate() alone commits per second (the database's share).
  {
    console.log('Commits alone (no sequencer)');
    const { booted, ctx } = await instance();
    const s = await produce(ctx, N);
    report('mutate() with one audit event', N / s, 'events/s');
    await booted.close();
  }

  // 2. A backlog: events committed while the sequencer was stopped, then sequenced (stage, integrate, sign).
  {
    console.log('\nSequencing a backlog (stage → tiles → signed checkpoint)');
    const { booted, ctx } = await instance();
    await produceBulk(ctx, BACKLOG);
    const ledger = booted.services.ledger!;
    const t0 = performance.now();
    ledger.start();
    await ledger.settleAudit(ctx.db, 600_000);
    const s = (performance.now() - t0) / 1000;
    report(`backlog of ${fmt(BACKLOG)} sequenced to a covering checkpoint`, BACKLOG / s, 'events/s', `${fmt(s, 2)} s`);
    const v = await verifyLog({ source: ledger.audit.storage, verifiers: [ledger.audit.verifier] });
    report('  log verified afterwards', v.entries, 'entries');
    await booted.close();
  }

  // 3. End to end: producers commit while the sequencer runs; every event's commit→coverage latency.
  {
    console.log('\nEnd to end: commits while the sequencer runs');
    const { booted, ctx } = await instance();
    const ledger = booted.services.ledger!;
    ledger.start();
    await ledger.settleAudit(ctx.db);
    const committedAt = new Float64Array(N);
    const latencies: number[] = [];
    let seen = 0;
    const t0 = performance.now();
    // Coverage is read the way a waiting client sees it: the checkpoint size the sequencer has stored.
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        await new Promise((r) => setTimeout(r, 5));
        const covered = ledger.audit.sequencer.status.checkpointSize;
        const now = performance.now();
        // Indices follow commit order (one process, one SQLite writer): index k is the k-th commit here.
        for (; seen < Math.min(covered, N); seen++) if (committedAt[seen]! > 0) latencies.push(now - committedAt[seen]!);
      }
    })();
    let order = 0;
    const produceS = await produce(ctx, N, () => (committedAt[order++] = performance.now()));
    await ledger.settleAudit(ctx.db, 600_000);
    const total = (performance.now() - t0) / 1000;
    watching = false;
    await watcher;
    report('events committed', N / produceS, 'events/s', `${fmt(produceS, 2)} s`);
    report('events covered by a checkpoint (first commit → last covered)', N / total, 'events/s', `${fmt(total, 2)} s`);
    latencies.sort((a, b) => a - b);
    report('commit → covered latency, p50', pct(latencies, 50), 'ms');
    report('commit → covered latency, p99', pct(latencies, 99), 'ms');
    report('commit → covered latency, max', latencies.at(-1) ?? NaN, 'ms');
    const v = await verifyLog({ source: ledger.audit.storage, verifiers: [ledger.audit.verifier] });
    report('  log verified afterwards', v.entries, 'entries');
    await booted.close();
  }
} finally {
  if (!args.keep) for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
