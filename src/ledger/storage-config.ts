// Chooses a log's storage from the environment: the data directory by default, S3-compatible object storage when a bucket is named.
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../config.js';
import { MalformedError } from './errors.js';
import { FsStorage } from './fs-storage.js';
import { isValidKeyPrefix, S3Storage } from './s3-storage.js';

/** Where logs are stored, as read from the environment; credentials are kept out of anything printable. */
export type LedgerStorageConfig =
  | { kind: 'fs' }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      /** Custom endpoint (MinIO, R2, s3rver…); undefined means AWS S3 itself. */
      endpoint: string | undefined;
      /** '' or `a/b/`; each log lives under `<prefix><log>/`. */
      prefix: string;
      forcePathStyle: boolean;
    };

const S3_VARS = ['KILPI_LEDGER_S3_ENDPOINT', 'KILPI_LEDGER_S3_REGION', 'KILPI_LEDGER_S3_PREFIX', 'KILPI_LEDGER_S3_FORCE_PATH_STYLE'] as const;
const LOG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// S3's bucket naming rules (the strict, current ones), which MinIO, R2 and Ceph also accept.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
const set = (v: string | undefined): v is string => v !== undefined && v !== '';

function flag(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (or true/false), not ${shown(value.slice(0, 20))}`);
}

function endpointOf(value: string): string {
  const name = 'KILPI_LEDGER_S3_ENDPOINT';
  // The value is never echoed: a mistaken URL may carry a user name and password.
  let url: URL;
  try {
    if (value.length > 2048) throw new Error('too long');
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`${name} must be a URL such as https://s3.example.com or http://127.0.0.1:9000`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must start with https:// or http://`);
  if (url.username || url.password) {
    throw new ConfigError(`${name} must not contain credentials; use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  }
  if (url.search || url.hash) throw new ConfigError(`${name} must not have a query or fragment`);
  return url.href.replace(/\/$/, '');
}

/**
 * Reads the ledger storage settings from `env`. With `KILPI_LEDGER_S3_BUCKET` unset, logs stay in the
 * data directory, and any other `KILPI_LEDGER_S3_*` variable is a mistake worth reporting. Throws a
 * one-line ConfigError naming the variable for any bad value.
 */
export function ledgerStorageConfig(env: NodeJS.ProcessEnv): LedgerStorageConfig {
  const bucket = env.KILPI_LEDGER_S3_BUCKET;
  if (!set(bucket)) {
    const stray = S3_VARS.find((v) => set(env[v]));
    if (stray) throw new ConfigError(`${stray} is set but KILPI_LEDGER_S3_BUCKET is not; set the bucket to store the ledger in S3, or unset ${stray}`);
    return { kind: 'fs' };
  }
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new ConfigError(`KILPI_LEDGER_S3_BUCKET must be an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens), not ${shown(bucket)}`);
  }
  const region = set(env.KILPI_LEDGER_S3_REGION) ? env.KILPI_LEDGER_S3_REGION.trim() : 'us-east-1';
  if (region.length > 40 || !REGION.test(region)) {
    throw new ConfigError(`KILPI_LEDGER_S3_REGION must be a region name such as eu-north-1 (or auto for R2), not ${shown(region)}`);
  }
  const endpoint = set(env.KILPI_LEDGER_S3_ENDPOINT) ? endpointOf(env.KILPI_LEDGER_S3_ENDPOINT) : undefined;
  let prefix = env.KILPI_LEDGER_S3_PREFIX ?? '';
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (!isValidKeyPrefix(prefix)) {
    throw new ConfigError(`KILPI_LEDGER_S3_PREFIX must be a key prefix such as kilpi/ledger/ (no leading slash, no empty, "." or ".." parts), not ${shown(prefix)}`);
  }
  // Self-hosted services (MinIO, s3rver, Ceph) mostly need path-style URLs; AWS prefers virtual-hosted ones.
  const forcePathStyle = set(env.KILPI_LEDGER_S3_FORCE_PATH_STYLE)
    ? flag('KILPI_LEDGER_S3_FORCE_PATH_STYLE', env.KILPI_LEDGER_S3_FORCE_PATH_STYLE)
    : endpoint !== undefined;
  return { kind: 's3', bucket, region, endpoint, prefix, forcePathStyle };
}

/** Credentials named in `env`, or undefined to let the SDK's provider chain find them (profile, SSO, instance role…). */
function credentialsFrom(env: NodeJS.ProcessEnv) {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (!set(id) && !set(secret)) return undefined;
  if (!set(id)) throw new ConfigError('AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both');
  if (!set(secret)) throw new ConfigError('AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both');
  return { accessKeyId: id, secretAccessKey: secret, ...(set(env.AWS_SESSION_TOKEN) ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/**
 * The storage for the log `logName`, chosen by the environment:
 *
 * - by default a FsStorage in `<dataDir>/ledger/<logName>`;
 * - with `KILPI_LEDGER_S3_BUCKET` set, an S3Storage for the objects `<prefix><logName>/…` in that bucket,
 *   configured by `KILPI_LEDGER_S3_ENDPOINT` (MinIO, R2, s3rver; default AWS), `KILPI_LEDGER_S3_REGION`
 *   (default us-east-1), `KILPI_LEDGER_S3_PREFIX` (default none) and `KILPI_LEDGER_S3_FORCE_PATH_STYLE`
 *   (default on with a custom endpoint), with credentials from `AWS_ACCESS_KEY_ID` /
 *   `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` in `env`, else the AWS SDK's provider chain.
 *
 * Nothing is contacted here; the first read or write reports an unreachable service or a missing
 * bucket. Throws ConfigError (one line, naming the variable) for a bad setting.
 */
export function ledgerStorageFrom(env: NodeJS.ProcessEnv, dataDir: string, logName: string): FsStorage | S3Storage {
  if (!LOG_NAME.test(logName)) throw new MalformedError(`a log name is letters, digits, "-" and "_" (at most 64), not ${shown(logName)}`);
  const config = ledgerStorageConfig(env);
  if (config.kind === 'fs') return new FsStorage(join(dataDir, 'ledger', logName));
  const credentials = credentialsFrom(env);
  // Kilpi supports Node 20 on purpose; the SDK's multi-line notice about it would break
  // JSON-only standard error in production. An operator's own setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // A hung connection must not hold an append forever; bundles are at most ~16 MiB.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  return new S3Storage({
    client,
    bucket: config.bucket,
    prefix: `${config.prefix}${logName}/`,
    endpointLabel: config.endpoint ?? `AWS S3 (${config.region})`,
  });
}
