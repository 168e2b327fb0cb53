// S3 storage against s3rver on loopback: the shared storage contract, conditional writes, a whole log, and failures.
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Signer } from '../../src/ledger/ed25519.js';
import { ImmutableWriteError, LedgerError, MalformedError } from '../../src/ledger/errors.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { MemoryTree } from '../../src/ledger/merkle.js';
import { describeS3Error, ObjectStorageError, S3Storage } from '../../src/ledger/s3-storage.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { LogWriter } from '../../src/ledger/writer.js';
import { createBucket, listKeys, rawGet, rawPut, s3Client, startConditionalProxy, startS3rver, type ConditionalProxy, type LoopbackS3 } from './helpers/s3.js';
import { fullTile, INVALID_PATHS, storageContract, type Backend } from './helpers/storage-contract.js';

const BUCKET = 'kilpi-ledger';
let s3: LoopbackS3;
let proxy: ConditionalProxy;
let direct: S3Client; // straight to s3rver, which ignores If-None-Match
let viaProxy: S3Client; // through the proxy, which honours it like S3, MinIO and R2
let counter = 0;
const freshPrefix = () => `t${++counter}/audit/`;

beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startConditionalProxy(s3);
  direct = s3Client(s3.endpoint);
  viaProxy = s3Client(proxy.endpoint);
  await createBucket(direct, BUCKET);
});
afterAll(async () => {
  direct?.destroy();
  viaProxy?.destroy();
  await proxy?.stop();
  await s3?.stop();
});

const harness = (client: () => S3Client) => async () => {
  const prefix = freshPrefix();
  const make = () => new S3Storage({ client: client(), bucket: BUCKET, prefix });
  return {
    storage: make(),
    other: make,
    // The probe object is deleted once a probe ends; only the log's own objects remain.
    list: () => listKeys(direct, BUCKET, prefix),
    rawGet: (p: string) => rawGet(direct, BUCKET, prefix + p),
    rawPut: (p: string, data: Uint8Array) => rawPut(direct, BUCKET, prefix + p, data),
  };
};

const BACKENDS: Backend[] = [
  { name: 's3rver (no conditional writes: look, write, read back)', exclusiveCreate: false, fresh: harness(() => direct) },
  { name: 's3rver behind a proxy that honours If-None-Match', exclusiveCreate: true, fresh: harness(() => viaProxy) },
];

describe.each(BACKENDS)('the storage contract on $name', (backend) => {
  storageContract(backend);
});

describe('conditional writes', () => {
  it('detects that s3rver ignores If-None-Match, and that the proxy honours it', async () => {
    expect(await new S3Storage({ client: direct, bucket: BUCKET, prefix: freshPrefix() }).supportsConditionalWrites()).toBe(false);
    const prefix = freshPrefix();
    expect(await new S3Storage({ client: viaProxy, bucket: BUCKET, prefix }).supportsConditionalWrites()).toBe(true);
    expect(await listKeys(direct, BUCKET, prefix)).toEqual([]); // the probe cleans up after itself
  });

  it('falls back when a server refuses the header with 501, and still keeps full tiles immutable', async () => {
    proxy.mode = 'not-implemented';
    try {
      const storage = new S3Storage({ client: viaProxy, bucket: BUCKET, prefix: freshPrefix() });
      await storage.put('tile/0/000', fullTile(1));
      expect(await storage.supportsConditionalWrites()).toBe(false);
      await storage.put('tile/0/000', fullTile(1));
      await expect(storage.put('tile/0/000', fullTile(2))).rejects.toThrow(ImmutableWriteError);
    } finally {
      proxy.mode = 'conditional';
    }
  });

  it('looks again after a 409 conflict: creates the object when nothing was stored, compares when something was', async () => {
    const prefix = freshPrefix();
    const storage = new S3Storage({ client: viaProxy, bucket: BUCKET, prefix, conditionalWrites: true });
    proxy.conflictOnce(`${prefix}tile/0/000`);
    await storage.put('tile/0/000', fullTile(5));
    expect(await rawGet(direct, BUCKET, `${prefix}tile/0/000`)).toEqual(fullTile(5));
    proxy.conflictOnce(`${prefix}tile/0/000`);
    await storage.put('tile/0/000', fullTile(5));
    proxy.conflictOnce(`${prefix}tile/0/000`);
    await expect(storage.put('tile/0/000', fullTile(6))).rejects.toThrow(ImmutableWriteError);
  });

  it('never sends If-None-Match for partial tiles and the checkpoint, which are replaced', async () => {
    const prefix = freshPrefix();
    const storage = new S3Storage({ client: viaProxy, bucket: BUCKET, prefix, conditionalWrites: true });
    proxy.mode = 'not-implemented'; // any conditional PUT would now fail
    try {
      await storage.putAll([
        { path: 'checkpoint', data: Buffer.from('a\n') },
        { path: 'tile/0/000.p/1', data: Buffer.alloc(32) },
      ]);
      await storage.put('checkpoint', Buffer.from('b\n'));
      expect((await storage.get('checkpoint'))!.toString()).toBe('b\n');
    } finally {
      proxy.mode = 'conditional';
    }
  });
});

describe('a whole log in S3', () => {
  const ORIGIN = 'kilpi.test/audit';
  const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 7));
  const verifier = parseVerifierKey(verifierKeyOf(signer));
  const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`event ${from + i}`));

  it.each([
    ['without conditional writes', () => direct],
    ['with conditional writes', () => viaProxy],
  ])('is written by LogWriter, resumed, and verifies (%s)', async (_, client) => {
    const prefix = freshPrefix();
    const storage = new S3Storage({ client: client(), bucket: BUCKET, prefix });
    const mem = new MemoryTree();
    const w = await LogWriter.open({ storage, origin: ORIGIN, signers: [signer] });
    let n = 0;
    for (const size of [1, 255, 300, 70]) {
      const batch = entries(n, size);
      batch.forEach((e) => mem.appendData(e));
      n += size;
      expect((await w.append(batch)).rootHash).toEqual(await mem.root());
    }
    const again = await LogWriter.open({ storage: new S3Storage({ client: client(), bucket: BUCKET, prefix }), origin: ORIGIN, signers: [signer] });
    expect(again.checkpoint.size).toBe(n);
    const more = entries(n, 400);
    more.forEach((e) => mem.appendData(e));
    n += 400;
    expect((await again.append(more)).rootHash).toEqual(await mem.root());
    await expect(verifyLog({ source: storage, verifiers: [verifier] })).resolves.toMatchObject({ entries: n });
    const keys = await listKeys(direct, BUCKET, prefix);
    expect(keys).toContain('checkpoint');
    expect(keys).toContain('tile/entries/003');
    expect(keys).toContain('tile/1/000.p/4');
  });
});

describe('reading safely', () => {
  it('refuses an oversized object whose body arrives chunked, with no announced length', async () => {
    const prefix = freshPrefix();
    await rawPut(direct, BUCKET, `${prefix}tile/0/000.p/2`, Buffer.alloc(65));
    await rawPut(direct, BUCKET, `${prefix}tile/0/001.p/2`, Buffer.alloc(64, 3));
    proxy.chunkedReads = true;
    try {
      const storage = new S3Storage({ client: viaProxy, bucket: BUCKET, prefix });
      await expect(storage.get('tile/0/000.p/2')).rejects.toThrow(MalformedError);
      expect(await storage.get('tile/0/001.p/2')).toEqual(Buffer.alloc(64, 3));
    } finally {
      proxy.chunkedReads = false;
    }
  });

  it('sends no request at all for a refused path', async () => {
    const storage = new S3Storage({ client: viaProxy, bucket: BUCKET, prefix: freshPrefix(), conditionalWrites: true });
    const before = proxy.requests;
    for (const p of [...INVALID_PATHS, '../../other-log/checkpoint', 'tile/0/000/../../../x', '%2e%2e/checkpoint']) {
      await expect(storage.get(p)).rejects.toThrow(MalformedError);
      await expect(storage.exists(p)).rejects.toThrow(MalformedError);
      await expect(storage.putAll([{ path: 'checkpoint', data: Buffer.from('x') }, { path: p, data: Buffer.from('x') }])).rejects.toThrow(MalformedError);
    }
    expect(proxy.requests).toBe(before);
  });

  it('stores a log at the bucket root when the prefix is empty', async () => {
    const client = s3Client(s3.endpoint);
    const bucket = 'kilpi-root';
    await createBucket(client, bucket);
    const storage = new S3Storage({ client, bucket });
    await storage.put('checkpoint', Buffer.from('c\n'));
    expect(await listKeys(client, bucket, '')).toEqual(['checkpoint']);
    expect(storage.location).toBe('s3://kilpi-root/');
    client.destroy();
  });

  it.each(['/', 'a', '/a/', 'a//', './', 'a/../', 'a\\b/', 'a/\u0000/', `${'x'.repeat(513)}/`])('refuses the key prefix %j', (prefix) => {
    expect(() => new S3Storage({ client: direct, bucket: BUCKET, prefix })).toThrow(MalformedError);
  });
});

describe('failures give one clear line', () => {
  const SECRET_ID = 'AKIAKILPITESTKEYID42';
  const SECRET_KEY = 'kilpi/Test+Secret/Value0123456789abcdef';
  const leaks = (e: unknown) => {
    const err = e as Error;
    const text = [err.message, String(err), err.stack ?? '', JSON.stringify(err), JSON.stringify(Object.entries(err))].join('\n');
    return text.includes(SECRET_ID) || text.includes(SECRET_KEY);
  };
  const caught = async (p: Promise<unknown>): Promise<ObjectStorageError> => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(ObjectStorageError);
      expect((e as Error).message).not.toContain('\n');
      return e as ObjectStorageError;
    }
    throw new Error('expected a failure');
  };

  it('names a missing bucket, on every operation', async () => {
    const storage = new S3Storage({ client: direct, bucket: 'kilpi-no-such-bucket', prefix: 'audit/' });
    for (const op of [() => storage.get('checkpoint'), () => storage.exists('checkpoint'), () => storage.put('checkpoint', Buffer.from('x')), () => storage.put('tile/0/000', fullTile(1))]) {
      const e = await caught(op());
      expect(e.reason).toBe('bucket-missing');
      expect(e.message).toMatch(/^s3:\/\/kilpi-no-such-bucket\/audit\/(checkpoint|tile\/0\/000|\.kilpi-probe-[0-9a-f]+): the bucket does not exist$/);
    }
  });

  it('reports refused credentials as access denied, without ever showing them', async () => {
    const client = s3Client(s3.endpoint, { credentials: { accessKeyId: SECRET_ID, secretAccessKey: SECRET_KEY } });
    const storage = new S3Storage({ client, bucket: BUCKET, prefix: freshPrefix() });
    for (const op of [() => storage.get('checkpoint'), () => storage.exists('checkpoint'), () => storage.put('checkpoint', Buffer.from('x')), () => storage.put('tile/0/000', fullTile(1))]) {
      const e = await caught(op());
      expect(e.reason).toBe('access-denied');
      expect(e.message).toMatch(/access denied .*check the credentials/);
      expect(leaks(e)).toBe(false);
    }
    client.destroy();
  });

  it('reports a stopped server as unreachable, naming the endpoint but no credentials', async () => {
    const gone = await startS3rver([BUCKET]);
    const client = s3Client(gone.endpoint, { credentials: { accessKeyId: SECRET_ID, secretAccessKey: SECRET_KEY } });
    await gone.stop();
    const storage = new S3Storage({ client, bucket: BUCKET, prefix: 'audit/', endpointLabel: gone.endpoint });
    for (const op of [() => storage.get('checkpoint'), () => storage.exists('tile/0/000'), () => storage.putAll([{ path: 'tile/0/000', data: fullTile(1) }])]) {
      const e = await caught(op());
      expect(e.reason).toBe('unreachable');
      expect(e.message).toContain(`cannot reach ${gone.endpoint} (ECONNREFUSED)`);
      expect(leaks(e)).toBe(false);
    }
    client.destroy();
  });

  it('maps the errors s3rver cannot produce', () => {
    const sdk = (name: string, status?: number, extra: object = {}) => Object.assign(new Error(`server text with ${SECRET_ID}`), { name, $metadata: { httpStatusCode: status }, ...extra });
    const cases: [unknown, string, RegExp][] = [
      [sdk('AccessDenied', 403), 'access-denied', /access denied \(AccessDenied, HTTP 403\)/],
      [sdk('SignatureDoesNotMatch', 403), 'access-denied', /SignatureDoesNotMatch/],
      [sdk('PermanentRedirect', 301), 'wrong-region', /KILPI_LEDGER_S3_REGION/],
      [sdk('CredentialsProviderError'), 'no-credentials', /AWS_ACCESS_KEY_ID/],
      [sdk('TimeoutError'), 'unreachable', /cannot reach the storage endpoint \(TimeoutError\)/],
      [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), 'unreachable', /ENOTFOUND/],
      [sdk('SlowDown', 503), 'service', /try again later/],
      [sdk('InternalError', 500), 'service', /HTTP 500/],
      [sdk('InvalidArgument', 400), 'failed', /could not write the object \(InvalidArgument, HTTP 400\)/],
      [sdk('Weird<script>\nname', 418), 'failed', /\(Weirdscriptname, HTTP 418\)$/],
      [null, 'failed', /unknown error/],
    ];
    for (const [err, reason, message] of cases) {
      const e = describeS3Error(err, 's3://b/k', 'write');
      expect(e).toBeInstanceOf(ObjectStorageError);
      expect((e as ObjectStorageError).reason).toBe(reason);
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(SECRET_ID);
    }
    const own = new ImmutableWriteError('x');
    expect(describeS3Error(own, 's3://b/k', 'write')).toBe(own);
    expect(describeS3Error(own, 's3://b/k', 'write')).toBeInstanceOf(LedgerError);
  });
});
