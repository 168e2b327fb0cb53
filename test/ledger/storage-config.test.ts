// Choosing a log's storage from the environment: the data directory by default, S3 when a bucket is named; every bad value named.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { MalformedError } from '../../src/ledger/errors.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { ObjectStorageError, S3Storage } from '../../src/ledger/s3-storage.js';
import { ledgerStorageConfig, ledgerStorageFrom } from '../../src/ledger/storage-config.js';
import { listKeys, s3Client, startS3rver, type LoopbackS3 } from './helpers/s3.js';

const DATA = '/var/lib/kilpi';
const bucketEnv = (more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ KILPI_LEDGER_S3_BUCKET: 'kilpi-ledger', ...more });
const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    ledgerStorageFrom(env, DATA, 'audit');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('the default', () => {
  it('keeps each log in the data directory', () => {
    const s = ledgerStorageFrom({}, DATA, 'audit');
    expect(s).toBeInstanceOf(FsStorage);
    expect((s as FsStorage).root).toBe(join(DATA, 'ledger', 'audit'));
    expect(ledgerStorageConfig({ KILPI_LEDGER_S3_BUCKET: '' })).toEqual({ kind: 'fs' });
  });

  it.each(['KILPI_LEDGER_S3_ENDPOINT', 'KILPI_LEDGER_S3_REGION', 'KILPI_LEDGER_S3_PREFIX', 'KILPI_LEDGER_S3_FORCE_PATH_STYLE'])(
    'refuses %s without a bucket rather than ignoring it',
    (name) => {
      expect(refusal({ [name]: 'x' })).toMatch(new RegExp(`^${name} is set but KILPI_LEDGER_S3_BUCKET is not`));
    },
  );

  it.each(['', '../x', 'a/b', '.', 'audit\n', 'x'.repeat(65), 'ä'])('refuses the log name %j', (name) => {
    expect(() => ledgerStorageFrom({}, DATA, name)).toThrow(MalformedError);
    expect(() => ledgerStorageFrom(bucketEnv(), DATA, name)).toThrow(MalformedError);
  });
});

describe('S3 settings', () => {
  it('puts each log under the prefix, with AWS defaults', () => {
    expect(ledgerStorageConfig(bucketEnv())).toEqual({ kind: 's3', bucket: 'kilpi-ledger', region: 'us-east-1', endpoint: undefined, prefix: '', forcePathStyle: false });
    const s = ledgerStorageFrom(bucketEnv({ KILPI_LEDGER_S3_PREFIX: 'kilpi/ledger' }), DATA, 'audit');
    expect(s).toBeInstanceOf(S3Storage);
    expect((s as S3Storage).location).toBe('s3://kilpi-ledger/kilpi/ledger/audit/');
    expect((ledgerStorageFrom(bucketEnv(), DATA, 'audit') as S3Storage).location).toBe('s3://kilpi-ledger/audit/');
  });

  it('takes an endpoint, a region and path style', () => {
    expect(ledgerStorageConfig(bucketEnv({ KILPI_LEDGER_S3_ENDPOINT: 'https://abc.r2.cloudflarestorage.com/', KILPI_LEDGER_S3_REGION: 'auto' }))).toMatchObject({
      endpoint: 'https://abc.r2.cloudflarestorage.com',
      region: 'auto',
      forcePathStyle: true, // the default with a custom endpoint
    });
    expect(ledgerStorageConfig(bucketEnv({ KILPI_LEDGER_S3_ENDPOINT: 'http://minio:9000', KILPI_LEDGER_S3_FORCE_PATH_STYLE: 'false' }))).toMatchObject({ forcePathStyle: false });
    expect(ledgerStorageConfig(bucketEnv({ KILPI_LEDGER_S3_FORCE_PATH_STYLE: 'Yes' }))).toMatchObject({ forcePathStyle: true });
  });

  it.each(['ab', 'x'.repeat(64), 'Kilpi', 'kilpi_ledger', '-kilpi', 'kilpi-', 'a..b', '192.168.1.1', 'kilpi ledger', 'kilpi\u0000', '<script>', "k'; DROP TABLE x"])(
    'refuses the bucket %j',
    (bucket) => {
      expect(refusal({ KILPI_LEDGER_S3_BUCKET: bucket })).toMatch(/^KILPI_LEDGER_S3_BUCKET must be an S3 bucket name/);
    },
  );

  it.each(['EU-NORTH-1', 'eu north 1', 'eu--north', '-eu', 'x'.repeat(41), 'eu\u202enorth'])('refuses the region %j', (region) => {
    expect(refusal(bucketEnv({ KILPI_LEDGER_S3_REGION: region }))).toMatch(/^KILPI_LEDGER_S3_REGION must be a region name/);
  });

  it.each([
    ['not a url', /must be a URL/],
    ['ftp://s3.example.com', /must start with https:\/\/ or http:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['https://s3.example.com/?versionId=1', /must not have a query or fragment/],
    ['https://s3.example.com/#x', /must not have a query or fragment/],
    [`https://${'a'.repeat(3000)}.example.com`, /must be a URL/],
  ])('refuses the endpoint %j', (endpoint, message) => {
    expect(refusal(bucketEnv({ KILPI_LEDGER_S3_ENDPOINT: endpoint }))).toMatch(message);
  });

  it('refuses an endpoint with credentials in it, without repeating them', () => {
    const m = refusal(bucketEnv({ KILPI_LEDGER_S3_ENDPOINT: 'https://AKIAUSER:hunter2secret@s3.example.com' }));
    expect(m).toMatch(/^KILPI_LEDGER_S3_ENDPOINT must not contain credentials/);
    expect(m).not.toMatch(/hunter2secret|AKIAUSER/);
  });

  it.each(['/kilpi', 'kilpi//ledger', '../kilpi', 'kilpi/./ledger', 'kilpi/../x', 'kilpi\\ledger', 'kilpi\nledger', 'x'.repeat(600)])('refuses the prefix %j', (prefix) => {
    expect(refusal(bucketEnv({ KILPI_LEDGER_S3_PREFIX: prefix }))).toMatch(/^KILPI_LEDGER_S3_PREFIX must be a key prefix/);
  });

  it.each(['maybe', '2', 'enabled'])('refuses the path-style flag %j', (v) => {
    expect(refusal(bucketEnv({ KILPI_LEDGER_S3_FORCE_PATH_STYLE: v }))).toMatch(/^KILPI_LEDGER_S3_FORCE_PATH_STYLE must be 1 or 0/);
  });

  it('wants both halves of a key pair, and never repeats either', () => {
    const a = refusal(bucketEnv({ AWS_ACCESS_KEY_ID: 'AKIAONLYHALF' }));
    expect(a).toMatch(/AWS_SECRET_ACCESS_KEY is not; set both/);
    const b = refusal(bucketEnv({ AWS_SECRET_ACCESS_KEY: 'onlyhalfsecret' }));
    expect(b).toMatch(/AWS_ACCESS_KEY_ID is not; set both/);
    expect(a + b).not.toMatch(/AKIAONLYHALF|onlyhalfsecret/);
  });
});

describe('against a loopback S3', () => {
  let s3: LoopbackS3;
  beforeAll(async () => {
    s3 = await startS3rver(['kilpi-ledger']);
  });
  afterAll(() => s3?.stop());

  const env = (more: NodeJS.ProcessEnv = {}) =>
    bucketEnv({ KILPI_LEDGER_S3_ENDPOINT: s3.endpoint, KILPI_LEDGER_S3_PREFIX: 'ledger/', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', ...more });

  it('stores a log where the settings say, with the credentials from the environment', async () => {
    const storage = ledgerStorageFrom(env(), DATA, 'audit');
    await storage.put('checkpoint', Buffer.from('c\n'));
    await storage.put('tile/0/000', Buffer.alloc(8192, 1));
    expect(await storage.get('checkpoint')).toEqual(Buffer.from('c\n'));
    const client = s3Client(s3.endpoint);
    expect(await listKeys(client, 'kilpi-ledger', 'ledger/')).toEqual(['audit/checkpoint', 'audit/tile/0/000']);
    client.destroy();
  });

  it('uses the key pair from the given environment, not some other', async () => {
    const storage = ledgerStorageFrom(env({ AWS_ACCESS_KEY_ID: 'AKIANOTKNOWN', AWS_SECRET_ACCESS_KEY: 'not-the-secret' }), DATA, 'audit');
    const e = await storage.get('checkpoint').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ObjectStorageError);
    expect((e as ObjectStorageError).reason).toBe('access-denied');
    expect((e as Error).message).not.toMatch(/AKIANOTKNOWN|not-the-secret/);
  });
});
