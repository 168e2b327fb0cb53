// The instance's logs: the audit log's origin from KILPI_LEDGER_ORIGIN or boot options, fixed once the log exists.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { boot } from '../../src/bootstrap.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function db(dialect: Parameters<typeof freshDatabase>[0]): Promise<TestDatabase> {
  const d = await freshDatabase(dialect);
  cleanup.push(() => d.drop());
  return d;
}

function withEnv<T>(value: string | undefined, f: () => Promise<T>): Promise<T> {
  const prev = process.env.KILPI_LEDGER_ORIGIN;
  if (value === undefined) delete process.env.KILPI_LEDGER_ORIGIN;
  else process.env.KILPI_LEDGER_ORIGIN = value;
  return f().finally(() => {
    if (prev === undefined) delete process.env.KILPI_LEDGER_ORIGIN;
    else process.env.KILPI_LEDGER_ORIGIN = prev;
  });
}

describe.each(dialects())('the audit log’s origin on %s', (dialect) => {
  it('defaults to kilpi.local/audit (also when the variable is empty) and names the key after it', async () => {
    const d = await db(dialect);
    const b = await withEnv('', () => boot({ dataDir: d.dataDir, databaseUrl: d.databaseUrl, log: pino({ level: 'silent' }) }));
    cleanup.push(() => b.close());
    const log = b.services.ledger!.audit;
    expect(log.origin).toBe('kilpi.local/audit');
    expect(log.verifierKey.startsWith('kilpi.local/audit+')).toBe(true);
  });

  it('takes KILPI_LEDGER_ORIGIN when the log is created, and keeps it (with a warning) when the variable changes later', async () => {
    const d = await db(dialect);
    const first = await withEnv('kilpi.example.com/audit', () => boot({ dataDir: d.dataDir, databaseUrl: d.databaseUrl, log: pino({ level: 'silent' }) }));
    expect(first.services.ledger!.audit.origin).toBe('kilpi.example.com/audit');
    const vkey = first.services.ledger!.audit.verifierKey;
    await first.close();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const again = await withEnv('other.example.com/audit', () => boot({ dataDir: d.dataDir, databaseUrl: d.databaseUrl, log: pino({ level: 'warn' }, sink) }));
    cleanup.push(() => again.close());
    expect(again.services.ledger!.audit.origin).toBe('kilpi.example.com/audit');
    expect(again.services.ledger!.audit.verifierKey).toBe(vkey);
    expect(lines.join('')).toContain('KILPI_LEDGER_ORIGIN is ignored');
  });

  it('refuses an origin that cannot name a key, before creating anything', async () => {
    const d = await db(dialect);
    for (const bad of ['has space/audit', 'plus+sign', 'tab\there', 'x'.repeat(10_000).replace(/x/g, ' ')]) {
      await expect(withEnv(bad, () => boot({ dataDir: d.dataDir, databaseUrl: d.databaseUrl, log: pino({ level: 'silent' }) })), JSON.stringify(bad)).rejects.toThrow(
        /not a valid log origin/,
      );
    }
    const ok = await boot({ dataDir: d.dataDir, databaseUrl: d.databaseUrl, log: pino({ level: 'silent' }), ledgerOrigin: 'kilpi.example.org/audit' });
    cleanup.push(() => ok.close());
    expect(ok.services.ledger!.audit.origin).toBe('kilpi.example.org/audit');
  });
});
