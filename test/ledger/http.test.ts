// The ledger over HTTP: the tlog-tiles layout at /ledger/audit/ with its cache rules, and the public proofs API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { HttpSource } from '../../src/ledger/http-source.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { createApp } from '../../src/http/app.js';
import { dialects } from '../helpers/db.js';
import { freshInstance, type Instance } from './instance.js';

const ORIGIN = 'https://kilpi.test';
const b64 = (s: string) => Buffer.from(s, 'base64');

describe.each(dialects())('the ledger over HTTP on %s', (dialect) => {
  let i: Instance & { close(): Promise<void> };
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let older: string; // the checkpoint note at size 5
  let latest: string; // at size 300

  beforeAll(async () => {
    i = await freshInstance(dialect);
    const { app } = createApp(i.booted.services);
    request = (path, init) => Promise.resolve(app.request(ORIGIN + path, init));
  });
  afterAll(async () => i.close());

  const get = (path: string) => request(path);
  const json = async (path: string) => {
    const res = await get(path);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per case
  };

  it('answers 404 before the first checkpoint, in the layout and in the API', async () => {
    const res = await get('/ledger/audit/checkpoint');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const api = await json('/api/v1/ledger/audit/checkpoint');
    expect(api.status).toBe(404);
    expect(api.type).toContain('application/problem+json');
    expect((await json('/api/v1/ledger/audit/proof/inclusion?index=0')).status).toBe(404);
  });

  describe('once events are in the log', () => {
    beforeAll(async () => {
      await i.record(5);
      i.ledger.start();
      await i.ledger.settleAudit(i.ctx.db);
      older = (await i.ledger.audit.latest())!.note;
      await i.record(295);
      await i.ledger.settleAudit(i.ctx.db);
      latest = (await i.ledger.audit.latest())!.note;
      await i.ledger.stop(); // the log stands still for the assertions below
    });

    it('serves the signed checkpoint as text, never cached without revalidation, to any origin, without cookies', async () => {
      const res = await get('/ledger/audit/checkpoint');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('set-cookie')).toBeNull();
      const text = await res.text();
      expect(text).toBe(latest);
      expect(openCheckpoint(text, [i.ledger.audit.verifier]).checkpoint.size).toBe(300);
    });

    it('serves full tiles and bundles as immutable, partial ones briefly cacheable, all as octet streams', async () => {
      const cases: [string, number, string][] = [
        ['tile/0/000', 256 * 32, 'public, max-age=31536000, immutable'],
        ['tile/entries/000', 256 * 34, 'public, max-age=31536000, immutable'],
        ['tile/0/001.p/44', 44 * 32, 'public, max-age=60'],
        ['tile/entries/001.p/44', 44 * 34, 'public, max-age=60'],
        ['tile/1/000.p/1', 32, 'public, max-age=60'],
      ];
      for (const [path, length, cache] of cases) {
        const res = await get(`/ledger/audit/${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toBe('application/octet-stream');
        expect(res.headers.get('cache-control'), path).toBe(cache);
        expect(res.headers.get('set-cookie'), path).toBeNull();
        expect((await res.arrayBuffer()).byteLength, path).toBe(length);
      }
    });

    it('serves an older checkpoint’s partial tiles, also widths it never stored, cut from the tile the log has now', async () => {
      const full = Buffer.from(await (await get('/ledger/audit/tile/0/000')).arrayBuffer());
      for (const w of [5, 3, 1, 255]) {
        const res = await get(`/ledger/audit/tile/0/000.p/${w}`);
        expect(res.status, String(w)).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(full.subarray(0, w * 32)), String(w)).toBe(true);
      }
      const bundle = Buffer.from(await (await get('/ledger/audit/tile/entries/000.p/3')).arrayBuffer());
      expect(bundle).toHaveLength(3 * 34);
      expect(bundle.equals(Buffer.from(await (await get('/ledger/audit/tile/entries/000')).arrayBuffer()).subarray(0, 3 * 34))).toBe(true);
    });

    it('answers HEAD like GET, without a body', async () => {
      const res = await request('/ledger/audit/tile/0/000', { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    });

    it('answers 404 for tiles the tree does not have yet', async () => {
      for (const path of ['tile/0/001.p/45', 'tile/0/001', 'tile/0/002', 'tile/entries/001', 'tile/1/000', 'tile/2/000.p/1']) {
        expect((await get(`/ledger/audit/${path}`)).status, path).toBe(404);
      }
    });

    it('answers 404, never an error, for every malformed path and unknown log', async () => {
      const bad = [
        'tile/0/x000/000',
        'tile/0/0',
        'tile/0/0000',
        'tile/00/000',
        'tile/64/000',
        'tile/-1/000',
        'tile//000',
        'tile/0/000/',
        'tile/0/000.p/0',
        'tile/0/000.p/256',
        'tile/0/000.p/01',
        'tile/0/000.p/',
        'tile/0/000.p/5/',
        'tile/entries/000.p/',
        'tile/0/%2e%2e/000',
        'tile/0/..%2F..%2Fsecret.key',
        '../secret.key',
        '..%2F..%2Fsecret.key',
        '.tmp/x',
        'checkpoint/',
        'Checkpoint',
        'checkpoint%00',
        'tile/0/000%00',
        'x'.repeat(5000),
        '',
      ];
      for (const path of bad) {
        const res = await get(`/ledger/audit/${path}`);
        expect(res.status, path.slice(0, 40)).toBe(404);
      }
      for (const path of ['/ledger/AUDIT/checkpoint', '/ledger/nope/checkpoint', '/ledger/%3Cscript%3E/checkpoint', '/ledger/audit', '/ledger/']) {
        expect((await get(path)).status, path).toBe(404);
      }
    });

    it('is verifiable end to end through HTTP by the same code as `kilpi ledger verify --url`', async () => {
      const source = new HttpSource(`${ORIGIN}/ledger/audit/`, { fetch: ((url: URL) => request(url.pathname)) as unknown as typeof fetch });
      const r = await verifyLog({ source, verifiers: [i.ledger.audit.verifier], from: older });
      expect(r.entries).toBe(300);
      expect(r.from?.size).toBe(5);
    });

    it('gives the checkpoint and verifier key in the API, to anyone', async () => {
      const { status, body } = await json('/api/v1/ledger/audit/checkpoint');
      expect(status).toBe(200);
      const cp = openCheckpoint(body.checkpoint, [i.ledger.audit.verifier]).checkpoint;
      expect(body).toMatchObject({ log: 'audit', origin: 'kilpi.local/audit', size: 300, root_hash: cp.rootHash.toString('base64'), verifier_key: i.ledger.audit.verifierKey });
    });

    it('proves inclusion for the latest checkpoint and for an older size', async () => {
      const cp = openCheckpoint(latest, [i.ledger.audit.verifier]).checkpoint;
      const rows = await i.ctx.db.selectFrom('audit_events').select(['ledger_index', 'ledger_commitment']).orderBy('seq').execute();
      for (const index of [0, 7, 255, 256, 299]) {
        const { status, body } = await json(`/api/v1/ledger/audit/proof/inclusion?index=${index}`);
        expect(status).toBe(200);
        expect(body.size).toBe(300);
        expect(body.entry).toBe(rows[index]!.ledger_commitment);
        expect(body.checkpoint).toBe(latest);
        verifyInclusion(leafHash(b64(body.entry)), index, 300, body.proof.map(b64), cp.rootHash);
      }
      const old = openCheckpoint(older, [i.ledger.audit.verifier]).checkpoint;
      const { body } = await json('/api/v1/ledger/audit/proof/inclusion?index=3&size=5');
      verifyInclusion(leafHash(b64(body.entry)), 3, 5, body.proof.map(b64), old.rootHash);
    });

    it('proves that the log only grew', async () => {
      const cp = openCheckpoint(latest, [i.ledger.audit.verifier]).checkpoint;
      const old = openCheckpoint(older, [i.ledger.audit.verifier]).checkpoint;
      const { status, body } = await json('/api/v1/ledger/audit/proof/consistency?from=5&to=300');
      expect(status).toBe(200);
      verifyConsistency(5, 300, body.proof.map(b64), old.rootHash, cp.rootHash);
      const dflt = await json('/api/v1/ledger/audit/proof/consistency?from=5');
      expect(dflt.body).toMatchObject({ from: 5, to: 300, proof: body.proof });
      expect((await json('/api/v1/ledger/audit/proof/consistency?from=300&to=300')).body.proof).toEqual([]);
    });

    it('answers bad parameters with 400 naming the field, and sizes beyond the log clearly', async () => {
      const cases: [string, string][] = [
        ['inclusion', 'index'],
        ['inclusion?index=', 'index'],
        ['inclusion?index=abc', 'index'],
        ['inclusion?index=-1', 'index'],
        ['inclusion?index=1e3', 'index'],
        ['inclusion?index=%201', 'index'],
        ['inclusion?index=01', 'index'],
        ['inclusion?index=0x10', 'index'],
        ['inclusion?index=99999999999999999999', 'index'],
        [`inclusion?index=${'9'.repeat(10_000)}`, 'index'],
        ['inclusion?index=1;DROP%20TABLE%20audit_events', 'index'],
        ['inclusion?index=300', 'index'],
        ['inclusion?index=5&size=5', 'index'],
        ['inclusion?index=0&size=0', 'index'],
        ['inclusion?index=1&size=301', 'size'],
        ['inclusion?index=1&size=%3Cscript%3E', 'size'],
        ['consistency', 'from'],
        ['consistency?from=0&to=5', 'from'],
        ['consistency?from=10&to=5', 'from'],
        ['consistency?from=5&to=301', 'to'],
        ['consistency?from=5&to=1.5', 'to'],
      ];
      for (const [q, field] of cases) {
        const { status, type, body } = await json(`/api/v1/ledger/audit/proof/${q}`);
        expect(status, q.slice(0, 60)).toBe(400);
        expect(type).toContain('application/problem+json');
        expect(body.errors.map((e: { field: string }) => e.field), q.slice(0, 60)).toContain(field);
      }
      const beyond = await json('/api/v1/ledger/audit/proof/inclusion?index=1&size=301');
      expect(beyond.body.detail).toContain('beyond the latest checkpoint (300 entries)');
      // The hostile input changed nothing.
      expect(Number((await i.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(300);
    });

    it('answers 404 for an unknown log and 400 for a malformed log name', async () => {
      expect((await json('/api/v1/ledger/nope/proof/inclusion?index=0')).status).toBe(404);
      expect((await json('/api/v1/ledger/nope/checkpoint')).status).toBe(404);
      const bad = await json('/api/v1/ledger/%3Cscript%3E/proof/consistency?from=1');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('log');
      expect(JSON.stringify(bad.body)).not.toContain('<script>');
    });

    it('lets a signed-in caller read the public proofs too', async () => {
      const { createUser } = await import('../../src/auth/users-service.js');
      const { createToken } = await import('../../src/auth/tokens.js');
      const { user } = await createUser(i.ctx, { email: 'staff.ledger@example.test', name: 'Staff', role: 'staff', password: 'correct horse battery' });
      const { token } = await createToken(i.ctx, user, { name: 't', expires_in: '1d' });
      const res = await request('/api/v1/ledger/audit/proof/inclusion?index=1', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    });
  });
});
