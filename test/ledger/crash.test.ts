// Crash safety: kill -9 a process at random moments while it appends audit events; every acknowledged
// event stays at its index, the stored log always verifies, and the tree only grows.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCommitment, auditEventJson, stagedAuditSize } from '../../src/core/audit-repo.js';
import { openStore } from '../../src/db/index.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { parseVerifierKey } from '../../src/ledger/keys.js';
import { consistencyProof, verifyConsistency } from '../../src/ledger/merkle.js';
import { TileReader, readEntry } from '../../src/ledger/proofs.js';
import { tileHashReader } from '../../src/ledger/tiles.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { ROOT } from '../cli/run.js';
import { auditDir } from './instance.js';

const CHILD = join(ROOT, 'test', 'ledger', 'crash-child.ts');
const CYCLES: Record<string, number> = { sqlite: Number(process.env.KILPI_CRASH_CYCLES ?? 20), postgres: Number(process.env.KILPI_CRASH_CYCLES ?? 10) };

interface Child {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function start(db: TestDatabase, mode?: string): Child {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: db.databaseUrl ?? '' };
  delete env.KILPI_SECRET_KEY;
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, db.dataDir, ...(mode ? [mode] : [])], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => proc.on('close', (code) => r(code)));
  void exited.then(() => {
    if (err.trim()) process.stderr.write(`[crash child ${proc.pid}] ${err.slice(0, 2000)}\n`);
  });
  return { proc, out: () => out, exited };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(dialects())('kill -9 while appending, on %s', (dialect) => {
  it(`loses no acknowledged event and never leaves a tree that fails verification (${CYCLES[dialect]} kills)`, async () => {
    const db = await freshDatabase(dialect);
    const storage = new FsStorage(auditDir(db.dataDir), { sync: false });
    const acked = new Map<string, { index: number; commitment: string }>();
    const checkpoints: string[] = [];
    let vkey: string | null = null;
    let kills = 0;
    // Kills that waited for an acknowledgement first: each adds at least one acknowledged event.
    let waited = 0;
    // Kills that left entries staged in the database beyond the stored checkpoint: the replay path.
    let midway = 0;
    try {
      for (let cycle = 0; cycle < CYCLES[dialect]!; cycle++) {
        const child = start(db);
        await until(() => child.out().includes('ready\n') || child.proc.exitCode !== null, 30_000, 'the child to start');
        expect(child.proc.exitCode, 'the child died on its own').toBeNull();
        // Every other kill waits for the child's first acknowledgement, so that even on a machine slow
        // enough to need seconds for one (fsync under load), acknowledged events are put to the test; the
        // rest land wherever they fall, replay of what the last kill left staged included.
        if (cycle % 2 === 1) {
          waited++;
          await until(() => child.out().includes('\nack ') || child.proc.exitCode !== null, 60_000, 'a first acknowledgement');
          expect(child.proc.exitCode, 'the child died on its own').toBeNull();
        }
        // A random moment: during appends, integration, signing or the database update.
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 1200));
        child.proc.kill('SIGKILL');
        await child.exited;
        kills++;
        for (const line of child.out().split('\n').slice(0, -1)) {
          const m = /^ack (\S+) (\d+) (\S+)$/.exec(line);
          if (!m) continue;
          const prev = acked.get(m[1]!);
          expect(prev === undefined || prev.index === Number(m[2]), `event ${m[1]} acknowledged at two indices`).toBe(true);
          acked.set(m[1]!, { index: Number(m[2]), commitment: m[3]! });
        }
        // Whatever the moment, what storage holds is a whole, signed, verifiable tree.
        const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
        vkey ??= (await store.db.selectFrom('ledger_logs').select('verifier_key').executeTakeFirst())?.verifier_key ?? null;
        const staged = await stagedAuditSize(store.db);
        await store.close();
        const note = await storage.get('checkpoint');
        if (note && staged > openCheckpoint(note, [parseVerifierKey(vkey!)]).checkpoint.size) midway++;
        if (note && vkey) {
          await verifyLog({ source: storage, verifiers: [parseVerifierKey(vkey)], from: checkpoints.at(-1) });
          checkpoints.push(Buffer.from(note).toString('utf8'));
        }
      }

      // A restart resumes: it integrates what was staged, sequences what was committed, and settles.
      const last = start(db, 'settle');
      expect(await last.exited).toBe(0);
      expect(last.out()).toContain('settled');

      const verifier = parseVerifierKey(vkey!);
      const final = await verifyLog({ source: storage, verifiers: [verifier], from: checkpoints[0] });
      const size = final.checkpoint.size;
      expect(kills).toBe(CYCLES[dialect]);
      expect(acked.size).toBeGreaterThanOrEqual(waited);
      expect(midway, 'no kill landed between staging and checkpoint').toBeGreaterThan(0);
      if (process.env.KILPI_CRASH_REPORT) console.info(`[crash ${dialect}] ${kills} kills, ${midway} between staging and checkpoint, ${acked.size} acknowledged, final size ${size}, ${checkpoints.length} checkpoints checked`);

      // Every acknowledged event is in the log at the index it was acknowledged with, with its commitment.
      const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
      const tiles = new TileReader(storage);
      try {
        const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
        expect(rows.every((r) => r.ledger_index !== null && Number(r.ledger_index) < size)).toBe(true);
        expect(size).toBe(rows.length);
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const [id, a] of acked) {
          const row = byId.get(id)!;
          expect(Number(row.ledger_index), id).toBe(a.index);
          expect(row.ledger_commitment).toBe(a.commitment);
          const entry = await readEntry(tiles, size, a.index);
          expect(entry.toString('base64')).toBe(a.commitment);
          expect(auditCommitment(Buffer.from(row.ledger_salt, 'base64'), auditEventJson(row)).equals(entry)).toBe(true);
        }
      } finally {
        await store.close();
      }

      // The tree only grew: every checkpoint seen after a kill is a prefix of the final tree.
      let prevSize = 0;
      for (const note of checkpoints) {
        const cp = openCheckpoint(note, [verifier]).checkpoint;
        expect(cp.size).toBeGreaterThanOrEqual(prevSize);
        prevSize = cp.size;
        if (cp.size === 0 || cp.size === size) continue;
        const proof = await consistencyProof(cp.size, size, tileHashReader(size, tiles.fetcher(size)));
        verifyConsistency(cp.size, size, proof, cp.rootHash, final.checkpoint.rootHash);
      }
    } finally {
      await db.drop();
    }
  }, 240_000);
});
