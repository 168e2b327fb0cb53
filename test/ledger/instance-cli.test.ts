// `kilpi ledger vkey | proof | verify-bundle` on an instance's logs, and `verify --url` against a running server, through the real command.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { guarded, NotVerifiedError, verifyBundleFile } from '../../src/cli/ledger.js';
import { UsageError } from '../../src/cli/errors.js';
import { makeBundle, type ProofBundle } from '../../src/ledger/bundle.js';
import { generateKey } from '../../src/ledger/keys.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { dbEnv, kilpi, kilpiServe, oneLineError } from '../cli/run.js';
import { bootInstance, freshInstance } from './instance.js';

// The shipped bundle shape; tests tamper with `format` too, so it is any string here.
type Bundle = Omit<ProofBundle, 'format'> & { format: string };

describe.each(dialects())('kilpi ledger on an instance on %s', (dialect) => {
  let db: TestDatabase;
  let work: string;
  let vkey: string;
  let bundle: Bundle;
  const env = () => dbEnv(db);
  const cli = (args: string[]) => kilpi(['--data', db.dataDir, 'ledger', ...args], { env: env() });
  const file = (name: string, content: string | Buffer) => {
    const f = join(work, name);
    writeFileSync(f, content);
    return f;
  };
  const verify = (f: string, key = vkey) => cli(['verify-bundle', '--vkey', key, f]);

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    work = mkdtempSync(join(tmpdir(), 'kilpi-bundles-'));
    const i = await bootInstance(db);
    i.ledger.start();
    await i.record(20);
    await i.ledger.settleAudit(i.ctx.db);
    await i.record(1); // committed but never covered: its bundle must wait
    await i.ledger.stop();
    await i.close();
  }, 60_000);
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await db.drop();
  });

  it('prints the verifier key of the audit log, as text and as JSON', async () => {
    const r = await cli(['vkey', '--log', 'audit']);
    expect(r.code, r.stderr).toBe(0);
    vkey = r.stdout.trim();
    expect(vkey).toMatch(/^kilpi\.local\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const j = await kilpi(['--data', db.dataDir, '--json', 'ledger', 'vkey', '--log', 'audit'], { env: env() });
    expect(JSON.parse(j.stdout)).toEqual({ log: 'audit', origin: 'kilpi.local/audit', vkey });
  });

  it('refuses an unknown or missing log with exit 2 and one line', async () => {
    const r = await cli(['vkey', '--log', 'nope']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toContain('no ledger log "nope" on this instance (logs: audit)');
    expect((await cli(['vkey'])).code).toBe(2);
    expect((await cli(['proof', '--log', 'nope', '--index', '1'])).code).toBe(2);
  });

  it('writes a bundle that verify-bundle accepts, naming the event that matches its commitment', async () => {
    const r = await cli(['proof', '--log', 'audit', '--index', '7']);
    expect(r.code, r.stderr).toBe(0);
    bundle = JSON.parse(r.stdout) as Bundle;
    expect(bundle).toMatchObject({ format: 'kilpi-proof-bundle/v1', log: 'audit', origin: 'kilpi.local/audit', index: 7, tree_size: 20 });
    expect(bundle.event!.canonical_json).toContain('"action":"thing.touch"');
    const v = await verify(file('good.json', r.stdout));
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^verified: entry 7 of kilpi\.local\/audit is in the signed tree of 20 entries; the event [0-9a-f-]{36} \(thing\.touch at .+\) matches its commitment\n$/);
    const j = await kilpi(['--json', 'ledger', 'verify-bundle', '--vkey', vkey, join(work, 'good.json')]);
    expect(JSON.parse(j.stdout)).toMatchObject({ verified: true, index: 7, size: 20 });
  });

  it('refuses an index not yet covered (exit 1) and a malformed one (exit 2)', async () => {
    const r = await cli(['proof', '--log', 'audit', '--index', '20']);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toContain('entry 20 is not covered yet: the latest checkpoint of log audit holds 20 entries');
    for (const bad of ['-1', 'abc', '1e3', '01', '']) {
      const b = await cli(['proof', '--log', 'audit', '--index', bad]);
      expect(b.code, bad).toBe(2);
      oneLineError(b);
    }
  });

  it('fails a tampered bundle (exit 1, the reason) and a malformed one (exit 2) through the real command', async () => {
    const event = JSON.parse(bundle.event!.canonical_json) as Record<string, unknown>;
    const tampered = await verify(file('tampered.json', JSON.stringify({ ...bundle, event: { ...bundle.event!, canonical_json: canonicalJson({ ...event, action: 'thing.erase' }) } })));
    expect(tampered.code).toBe(1);
    expect(oneLineError(tampered)).toBe('kilpi: not verified: SHA-256(salt ‖ event JSON) is not the entry: the event or its salt was changed');
    const wrongKey = await verify(join(work, 'good.json'), generateKey('kilpi.local/audit').vkey);
    expect(wrongKey.code).toBe(1);
    expect(oneLineError(wrongKey)).toContain('no signature by a known key');
    const malformed = await verify(file('malformed.json', '{"format":'));
    expect(malformed.code).toBe(2);
    expect(oneLineError(malformed)).toBe('kilpi: the bundle is not valid JSON');
    expect((await verify(join(work, 'missing.json'))).code).toBe(2);
    expect((await cli(['verify-bundle', join(work, 'good.json')])).code).toBe(2); // no --vkey
  });
});

describe.each(dialects())('kilpi ledger verify --url against a running server on %s', (dialect) => {
  it('verifies the log a running instance serves, over plain HTTP on loopback and over its self-signed TLS', async () => {
    const db = await freshDatabase(dialect);
    try {
      let olderSize = 0;
      for (const tls of [false, true]) {
        const server = await kilpiServe(['--data', db.dataDir, 'serve', '--port', '0', '--host', '127.0.0.1', ...(tls ? [] : ['--insecure-http'])], { env: dbEnv(db) });
        try {
          // Events committed by another process (a command, another instance) reach the server's log through the table.
          const i = await bootInstance(db);
          await i.record(tls ? 5 : 300);
          // Everything in the trail: the recorded events plus what the server wrote as it booted (bundled content).
          const want = Number((await i.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
          await i.close();
          const fetchOpts = tls ? { env: { NODE_EXTRA_CA_CERTS: join(db.dataDir, 'tls', 'cert.pem') } } : {};
          const vkey = (await kilpi(['--data', db.dataDir, 'ledger', 'vkey', '--log', 'audit'], { env: dbEnv(db) })).stdout.trim();
          let older = '';
          const deadline = Date.now() + 20_000;
          for (;;) {
            // The checkpoint as any client reads it, through the same command-line verifier.
            const r = await kilpi(['--json', 'ledger', 'verify', '--url', `${server.url}ledger/audit/`, '--vkey', vkey], { ...fetchOpts, env: { ...fetchOpts.env } });
            expect(r.code, r.stderr).toBe(0);
            const out = JSON.parse(r.stdout) as { size: number; origin: string };
            expect(out.origin).toBe('kilpi.local/audit');
            if (out.size === want) break;
            if (Date.now() > deadline) throw new Error(`the server's log has ${out.size} entries, not ${want}`);
            await new Promise((res) => setTimeout(res, 200));
          }
          if (!tls) {
            olderSize = want;
            older = join(db.dataDir, 'older.checkpoint');
            writeFileSync(older, await (await fetch(`${server.url}ledger/audit/checkpoint`)).text());
          } else {
            const r = await kilpi(['ledger', 'verify', '--url', `${server.url}ledger/audit/`, '--vkey', vkey, '--from-checkpoint', join(db.dataDir, 'older.checkpoint')], fetchOpts);
            expect(r.code, r.stderr).toBe(0);
            expect(r.stdout).toContain(`verified: kilpi.local/audit, ${want} entries`);
            expect(r.stdout).toContain(`it contains the older checkpoint of size ${olderSize} unchanged`);
            expect(readFileSync(join(db.dataDir, 'older.checkpoint'), 'utf8')).toContain(`kilpi.local/audit\n${olderSize}\n`);
          }
        } finally {
          expect(await server.stop()).toBe(0);
        }
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe('verify-bundle on tampered and malformed bundles', () => {
  let work: string;
  let bundle: Bundle;
  let vkey: string;
  let close: () => Promise<void>;
  const file = (name: string, content: string | Buffer) => {
    const f = join(work, name);
    writeFileSync(f, content);
    return f;
  };
  /** The exit code and message the command would give, from the action itself (as cli.test.ts does). */
  async function outcome(f: string, key = vkey): Promise<{ code: number; message: string }> {
    try {
      await guarded(() => verifyBundleFile([key], f));
      return { code: 0, message: '' };
    } catch (e) {
      if (e instanceof UsageError) return { code: 2, message: e.message };
      if (e instanceof NotVerifiedError) return { code: 1, message: e.message };
      throw e;
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kilpi-bundles-'));
    const i = await freshInstance('sqlite');
    close = i.close;
    i.ledger.start();
    await i.record(20);
    await i.ledger.settleAudit(i.ctx.db);
    bundle = (await makeBundle(i.ledger.audit, i.ctx.db, 7)) as Bundle;
    vkey = i.ledger.audit.verifierKey;
    await i.ledger.stop();
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await close();
  });

  it('accepts the bundle as made', async () => {
    expect(await outcome(file('good.json', JSON.stringify(bundle)))).toEqual({ code: 0, message: '' });
  });

  it('fails tampered bundles with exit 1 and the reason', async () => {
    const event = JSON.parse(bundle.event!.canonical_json) as Record<string, unknown>;
    const otherKey = generateKey('kilpi.local/audit').vkey;
    const flip = (s: string) => Buffer.from(Buffer.from(s, 'base64').map((b, k) => (k === 0 ? b ^ 1 : b))).toString('base64');
    const cases: [string, Bundle, string][] = [
      ['changed event field', { ...bundle, event: { ...bundle.event!, canonical_json: canonicalJson({ ...event, action: 'thing.erase' }) } }, 'SHA-256(salt ‖ event JSON) is not the entry'],
      ['changed actor', { ...bundle, event: { ...bundle.event!, canonical_json: canonicalJson({ ...event, actor: { type: 'system', id: null, label: 'someone else' } }) } }, 'is not the entry'],
      ['changed salt', { ...bundle, event: { ...bundle.event!, salt: flip(bundle.event!.salt) } }, 'is not the entry'],
      ['event not canonical', { ...bundle, event: { ...bundle.event!, canonical_json: JSON.stringify(event, null, 1) } }, 'not in canonical form'],
      ['wrong index', { ...bundle, index: 8 }, 'inclusion proof'],
      ['changed entry', { ...bundle, entry: flip(bundle.entry) }, 'inclusion proof'],
      ['proof hash changed', { ...bundle, inclusion_proof: [flip(bundle.inclusion_proof[0]!), ...bundle.inclusion_proof.slice(1)] }, 'inclusion proof'],
      ['proof too short', { ...bundle, inclusion_proof: bundle.inclusion_proof.slice(1) }, 'proof'],
      ['tree size changed', { ...bundle, tree_size: 21 }, 'the checkpoint is for 20 entries, the bundle says 21'],
      ['origin changed', { ...bundle, origin: 'evil.example/audit' }, 'the checkpoint is for log "kilpi.local/audit"'],
      ['checkpoint size changed', { ...bundle, checkpoint: bundle.checkpoint.replace('\n20\n', '\n21\n') }, 'does not verify'],
    ];
    for (const [name, b, reason] of cases) {
      const r = await outcome(file(`${name}.json`, JSON.stringify(b)));
      expect(r.code, `${name}: ${r.message}`).toBe(1);
      expect(r.message, name).toContain('not verified');
      expect(r.message, name).toContain(reason);
    }
    const wrongKey = await outcome(join(work, 'good.json'), otherKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.message).toContain('no signature by a known key');
  });

  it('answers malformed bundles and arguments with exit 2 and one line', async () => {
    const cases: [string, string | Buffer][] = [
      ['not-json', 'hello'],
      ['empty', ''],
      ['array', '[]'],
      ['wrong format', JSON.stringify({ ...bundle, format: 'other/v9' })],
      ['missing entry', JSON.stringify({ ...bundle, entry: undefined })],
      ['index as string', JSON.stringify({ ...bundle, index: '7' })],
      ['negative index', JSON.stringify({ ...bundle, index: -1 })],
      ['bad base64', JSON.stringify({ ...bundle, entry: 'not base64!' })],
      ['short hash', JSON.stringify({ ...bundle, inclusion_proof: ['AAAA'] })],
      ['short salt', JSON.stringify({ ...bundle, event: { ...bundle.event!, salt: 'AAAA' } })],
      ['invalid utf-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
      ['huge', 'x'.repeat(5 * 1024 * 1024)],
      ['garbage checkpoint', JSON.stringify({ ...bundle, checkpoint: 'not a note' })],
    ];
    for (const [name, content] of cases) {
      const r = await outcome(file(`${name}.bad`, content));
      expect(r.code, `${name}: ${r.message}`).toBe(2);
      expect(r.message.length).toBeLessThan(400);
    }
    expect((await outcome(join(work, 'missing.json'))).code).toBe(2);
    expect((await outcome(join(work, 'good.json'), 'PRIVATE+KEY+x+00000000+AAAA')).code).toBe(2);
    expect((await outcome(join(work, 'good.json'), 'not a key')).code).toBe(2);
  });
});

