// The audit log in S3-compatible storage, chosen by KILPI_LEDGER_S3_*: sequenced, served over HTTP and verified; bad settings stop the start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { HttpSource } from '../../src/ledger/http-source.js';
import { S3Storage } from '../../src/ledger/s3-storage.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { listKeys, s3Client, startConditionalProxy, startS3rver, type ConditionalProxy, type LoopbackS3 } from './helpers/s3.js';
import { bootInstance } from './instance.js';

const BUCKET = 'kilpi-ledger';
const VARS = ['KILPI_LEDGER_S3_BUCKET', 'KILPI_LEDGER_S3_ENDPOINT', 'KILPI_LEDGER_S3_PREFIX', 'KILPI_LEDGER_S3_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

async function withEnv<T>(env: Partial<Record<(typeof VARS)[number], string>>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await f();
  } finally {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

describe.each(dialects())('the audit log in S3 on %s', (dialect) => {
  let s3: LoopbackS3;
  let proxy: ConditionalProxy;
  let db: TestDatabase;
  beforeAll(async () => {
    s3 = await startS3rver([BUCKET]);
    proxy = await startConditionalProxy(s3);
    db = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
    await db?.drop();
  });

  it('sequences audit events into the bucket named by the environment, serves them and verifies', async () => {
    const env = { KILPI_LEDGER_S3_BUCKET: BUCKET, KILPI_LEDGER_S3_ENDPOINT: proxy.endpoint, KILPI_LEDGER_S3_PREFIX: 'kilpi/', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    const i = await withEnv(env, () => bootInstance(db));
    try {
      const log = i.ledger.audit;
      expect(log.storage).toBeInstanceOf(S3Storage);
      await i.record(3);
      i.ledger.start();
      await i.ledger.settleAudit(i.ctx.db);
      await i.record(260);
      await i.ledger.settleAudit(i.ctx.db);
      // Under the prefix, the log's objects in the tlog-tiles layout.
      const keys = await listKeys(s3Client(s3.endpoint), BUCKET, 'kilpi/audit/');
      expect(keys).toContain('checkpoint');
      expect(keys).toContain('tile/entries/000');
      expect(keys).toContain('tile/0/000');
      expect((await verifyLog({ source: log.storage, verifiers: [log.verifier] })).entries).toBe(263);
      // Served by Kilpi from the bucket, and verified through HTTP as a client would.
      const { app } = createApp(i.booted.services);
      const source = new HttpSource('https://kilpi.test/ledger/audit/', { fetch: ((url: URL) => Promise.resolve(app.request(url.href))) as unknown as typeof fetch });
      expect((await verifyLog({ source, verifiers: [log.verifier] })).entries).toBe(263);
    } finally {
      await i.close();
    }
    // A restart resumes from the bucket.
    const again = await withEnv(env, () => bootInstance(db));
    try {
      again.ledger.start();
      await again.record(2);
      await again.ledger.settleAudit(again.ctx.db);
      expect((await again.ledger.audit.latest())!.checkpoint.size).toBe(265);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('refuses to start with a bad S3 setting, naming the variable', async () => {
    await expect(withEnv({ KILPI_LEDGER_S3_BUCKET: 'Not A Bucket' }, () => bootInstance(db))).rejects.toThrow(ConfigError);
    await expect(withEnv({ KILPI_LEDGER_S3_ENDPOINT: 'http://x' }, () => bootInstance(db))).rejects.toThrow(/KILPI_LEDGER_S3_ENDPOINT is set but KILPI_LEDGER_S3_BUCKET is not/);
  });
});
