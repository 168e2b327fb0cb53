// The process the crash test kills: it records audit events as fast as it can while its sequencer runs, and
// prints each event once a stored checkpoint covers it. Usage: node --import tsx crash-child.ts DATA_DIR [settle]
import pino from 'pino';
import { boot } from '../../src/bootstrap.js';
import { systemActor } from '../../src/core/context.js';
import { mutate } from '../../src/core/mutation.js';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-child.ts DATA_DIR [settle]');

const booted = await boot({
  dataDir,
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: pino({ level: 'error' }, pino.destination(2)),
  ledgerTuning: { checkpointIntervalMs: 100, pollMs: 50, lockRetryMs: 50, batchSize: 256 },
  // No framework catalogues: their load would add audit events the crash test counts exactly.
  loadContent: false,
});
const s = booted.services;
const ledger = s.ledger!;
const ctx = { db: s.db, clock: s.clock, actor: systemActor('crash-test') };
ledger.start();

if (mode === 'settle') {
  await ledger.settleAudit(s.db, 60_000);
  process.stdout.write('settled\n');
  await booted.close();
  process.exit(0);
}

process.stdout.write('ready\n');

// Committed events waiting for a checkpoint: id → commitment.
const pending = new Map<string, string>();
let n = 0;

async function producer(): Promise<void> {
  for (;;) {
    const entityId = `crash-${process.pid}-${++n}`;
    await mutate(ctx, async (m) => {
      await m.record({ action: 'crash.append', entityType: 'crash', entityId, after: { n, pid: process.pid } });
    });
    const row = await s.db.selectFrom('audit_events').select(['id', 'ledger_commitment']).where('entity_id', '=', entityId).executeTakeFirstOrThrow();
    pending.set(row.id, row.ledger_commitment);
    // Yield to timers now and then, as a server does between requests.
    await new Promise((r) => setImmediate(r));
  }
}

/** Prints `ack <id> <index> <commitment>` for each pending event a stored checkpoint now covers. */
async function acknowledger(): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    const covered = ledger.audit.sequencer.status.checkpointSize;
    const ids = [...pending.keys()].slice(0, 500);
    if (ids.length === 0 || covered === 0) continue;
    const rows = await s.db.selectFrom('audit_events').select(['id', 'ledger_index']).where('id', 'in', ids).execute();
    const lines: string[] = [];
    for (const r of rows) {
      if (r.ledger_index === null || Number(r.ledger_index) >= covered) continue;
      lines.push(`ack ${r.id} ${Number(r.ledger_index)} ${pending.get(r.id)}\n`);
      pending.delete(r.id);
    }
    if (lines.length) process.stdout.write(lines.join(''));
  }
}

await Promise.all([producer(), producer(), producer(), acknowledger()]);
