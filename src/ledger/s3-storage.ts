// S3-compatible object storage for a log: the tlog-tiles layout as object keys, full tiles created once (If-None-Match: *).
import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ImmutableWriteError, LedgerError, MalformedError } from './errors.js';
import { bytesEqual } from './merkle.js';
import { checkObjectSize, classifyPath, type LedgerStorage, type PathKind, type PutItem } from './storage.js';

export interface S3StorageOptions {
  /** A configured client (endpoint, region, credentials); see `ledgerStorageFrom` in storage-config.ts. */
  client: S3Client;
  bucket: string;
  /** Prepended to every object key: '' or `a/b/` (segments without `.`/`..`, ending in `/`). */
  prefix?: string;
  /**
   * Whether the server honours `If-None-Match: *` on PUT. Left undefined (the default), the first
   * write of an immutable object probes the server once. `true` trusts it without probing — only for
   * servers known to honour it, since one that ignores the header would then overwrite silently.
   */
  conditionalWrites?: boolean;
  /** How many objects putAll writes at once (default 16). */
  concurrency?: number;
  /** Names the endpoint in "cannot reach" errors, e.g. `http://127.0.0.1:9000`; never with credentials. */
  endpointLabel?: string;
}

/** Why an object-storage request failed, for callers that react (retry, alert) rather than only print. */
export type S3FailureReason = 'bucket-missing' | 'access-denied' | 'wrong-region' | 'no-credentials' | 'unreachable' | 'service' | 'failed';

/** A failed object-storage request, with a one-line message that never carries credentials or server text. */
export class ObjectStorageError extends LedgerError {
  constructor(
    message: string,
    readonly reason: S3FailureReason,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const DENIED_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'AllAccessDisabled']);
const REGION_CODES = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (e: unknown): number | undefined => (e as SdkErrorShape | null)?.$metadata?.httpStatusCode;
const nameOf = (e: unknown): string => {
  const n = (e as SdkErrorShape | null)?.name;
  return typeof n === 'string' ? n : '';
};
// Only a short token of the error's code is ever shown: server messages can echo key IDs or request details.
const token = (s: unknown): string => (typeof s === 'string' ? s.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) : '');

/**
 * Turns anything an S3 request threw into one clear line. `what` names the object (`s3://bucket/key`),
 * `op` the action ("read", "write", "check"). Ledger errors pass through unchanged.
 */
export function describeS3Error(e: unknown, what: string, op: string, endpointLabel = 'the storage endpoint'): LedgerError {
  if (e instanceof LedgerError) return e;
  const name = nameOf(e);
  const code = token((e as SdkErrorShape | null)?.code);
  const status = statusOf(e);
  const detail = [token(name) || code, status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
  if (name === 'NoSuchBucket') return new ObjectStorageError(`${what}: the bucket does not exist`, 'bucket-missing');
  if (DENIED_CODES.has(name) || status === 403) {
    return new ObjectStorageError(`${what}: access denied (${detail}); check the credentials and that they may ${op} objects in this bucket`, 'access-denied');
  }
  if (REGION_CODES.has(name) || status === 301) {
    return new ObjectStorageError(`${what}: the bucket is in another region (${detail}); set KILPI_LEDGER_S3_REGION to the bucket's region`, 'wrong-region');
  }
  if (name === 'CredentialsProviderError') {
    return new ObjectStorageError(`${what}: no credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile or role`, 'no-credentials');
  }
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || name === 'AbortError' || (status === undefined && code !== '')) {
    return new ObjectStorageError(`${what}: cannot reach ${endpointLabel} (${code || token(name)}) to ${op} the object`, 'unreachable');
  }
  if (status !== undefined && status >= 500) {
    return new ObjectStorageError(`${what}: the storage service failed to ${op} the object (${detail}); try again later`, 'service');
  }
  return new ObjectStorageError(`${what}: could not ${op} the object (${detail || 'unknown error'})`, 'failed');
}

/** `''` or `seg/seg/`: no empty, `.` or `..` segments, no leading slash, no control characters or backslashes. */
export function isValidKeyPrefix(prefix: string): boolean {
  if (prefix === '') return true;
  if (prefix.length > 512 || !prefix.endsWith('/')) return false;
  // eslint-disable-next-line no-control-regex -- control characters in object keys are the thing refused
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) return false;
  return prefix
    .slice(0, -1)
    .split('/')
    .every((s) => s !== '' && s !== '.' && s !== '..');
}

const CONTENT_TYPE: Record<PathKind, string> = {
  checkpoint: 'text/plain; charset=utf-8',
  immutable: 'application/octet-stream',
  replaceable: 'application/octet-stream',
};

const isMissingKey = (e: unknown) => nameOf(e) === 'NoSuchKey' || (nameOf(e) === 'NotFound' && statusOf(e) === 404);
/** 412: the object exists. 409: AWS's "a conditional write to this key is in progress" — look, and maybe retry. */
const isConflict = (e: unknown) => statusOf(e) === 412 || statusOf(e) === 409;
/** A server that refuses the header outright, rather than ignoring it. */
const isUnsupportedCondition = (e: unknown) => statusOf(e) === 501 || nameOf(e) === 'NotImplemented';

interface Plan extends PutItem {
  kind: PathKind;
  key: string;
}

type ReadableBody = AsyncIterable<Uint8Array> & { destroy?: () => void };

/**
 * A log stored as objects `<prefix><path>` in one bucket (AWS S3, MinIO, Cloudflare R2, Ceph…).
 * Same paths, limits and immutability as FsStorage: a put resolves once the service has acknowledged
 * the object, which S3-compatible services only do once it is stored durably.
 */
export class S3Storage implements LedgerStorage {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly concurrency: number;
  private readonly endpointLabel: string;
  private conditional: Promise<boolean> | undefined;
  // Set once any request has shown the bucket exists: HEAD's bodiless 404 cannot tell a missing key from a missing bucket.
  private bucketSeen = false;

  constructor(opts: S3StorageOptions) {
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.prefix = opts.prefix ?? '';
    if (!this.bucket) throw new MalformedError('an S3 bucket name is required');
    if (!isValidKeyPrefix(this.prefix)) throw new MalformedError('an S3 key prefix must be empty or look like "a/b/" (no "." or ".." segments)');
    this.concurrency = Math.max(1, opts.concurrency ?? 16);
    this.endpointLabel = opts.endpointLabel ?? 'the storage endpoint';
    if (opts.conditionalWrites !== undefined) this.conditional = Promise.resolve(opts.conditionalWrites);
  }

  /** Where this log lives, for start-up messages: `s3://bucket/prefix`. */
  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  private key(path: string): string {
    classifyPath(path); // refuses anything but the checkpoint and canonical tile paths, before any request
    return this.prefix + path;
  }

  private fail(e: unknown, key: string, op: string): LedgerError {
    return describeS3Error(e, `s3://${this.bucket}/${key}`, op, this.endpointLabel);
  }

  async get(path: string): Promise<Uint8Array | null> {
    const key = this.key(path);
    let res;
    try {
      res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (e) {
      if (isMissingKey(e)) {
        this.bucketSeen = true;
        return null;
      }
      throw this.fail(e, key, 'read');
    }
    this.bucketSeen = true;
    const body = res.Body as ReadableBody | undefined;
    if (!body) return new Uint8Array(0);
    try {
      // Refuse by the announced length before reading a byte; the count below catches a server that lies.
      if (res.ContentLength !== undefined) checkObjectSize(path, res.ContentLength);
      return await readCapped(body, path);
    } catch (e) {
      body.destroy?.();
      throw e instanceof LedgerError ? e : this.fail(e, key, 'read');
    }
  }

  async exists(path: string): Promise<boolean> {
    const key = this.key(path);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      this.bucketSeen = true;
      return true;
    } catch (e) {
      if (!isMissingKey(e)) throw this.fail(e, key, 'check');
    }
    if (this.bucketSeen) return false;
    // Ask once with a GET, whose error body says NoSuchKey or NoSuchBucket.
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: 'bytes=0-0' }));
      (res.Body as ReadableBody | undefined)?.destroy?.();
      this.bucketSeen = true;
      return true;
    } catch (e) {
      if (isMissingKey(e)) {
        this.bucketSeen = true;
        return false;
      }
      if (nameOf(e) === 'InvalidRange') return true; // an empty object
      throw this.fail(e, key, 'check');
    }
  }

  put(path: string, data: Uint8Array): Promise<void> {
    return this.putAll([{ path, data }]);
  }

  async putAll(items: readonly PutItem[]): Promise<void> {
    // Refuse the whole batch before writing anything if one path is invalid.
    const plan: Plan[] = items.map((it) => ({ ...it, kind: classifyPath(it.path), key: this.key(it.path) }));
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < plan.length && !failed) {
        const it = plan[next++]!;
        try {
          if (it.kind === 'immutable') await this.create(it);
          else await this.send(it, false);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, plan.length) }, worker));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  /**
   * Whether immutable objects are created with a server-side check (If-None-Match: *). Probed once:
   * a throwaway object is written, then written again conditionally; a server that honours the header
   * refuses the second write. s3rver and some older gateways ignore it.
   */
  supportsConditionalWrites(): Promise<boolean> {
    if (!this.conditional) {
      this.conditional = this.probe();
      this.conditional.catch(() => (this.conditional = undefined)); // a failed probe is retried next time
    }
    return this.conditional;
  }

  private async probe(): Promise<boolean> {
    // Outside every tlog-tiles path, so no reader ever asks for it; random, so concurrent probes do not meet.
    const key = `${this.prefix}.kilpi-probe-${randomBytes(8).toString('hex')}`;
    const body = Buffer.from('conditional write probe\n');
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
    } catch (e) {
      throw this.fail(e, key, 'write');
    }
    let supported: boolean;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, IfNoneMatch: '*' }));
      supported = false; // the server overwrote an existing object despite the condition
    } catch (e) {
      if (isConflict(e)) supported = true;
      else if (isUnsupportedCondition(e)) supported = false;
      else throw this.fail(e, key, 'write');
    }
    // Best effort: without delete permission the probe object stays (a few bytes, outside the log's paths).
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
    return supported;
  }

  /** Creates a full tile or bundle once; the same bytes again are a no-op, other bytes an ImmutableWriteError. */
  private async create(it: Plan): Promise<void> {
    if (await this.supportsConditionalWrites()) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.send(it, true);
          return;
        } catch (e) {
          if (!isConflict(e)) throw e instanceof LedgerError ? e : this.fail(e, it.key, 'write');
        }
        const existing = await this.get(it.path);
        if (existing) return this.same(it, existing);
        // 409 with nothing stored yet: another conditional write was in flight and failed; try again.
        if (attempt >= 4) throw new ObjectStorageError(`s3://${this.bucket}/${it.key}: conflicting writes kept the object from being created`, 'failed');
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    // Fallback for servers without conditional writes: look, write, read back. Two writers racing within
    // one round trip can still both "succeed" (the last write wins); the read-back catches most such races.
    const existing = await this.get(it.path);
    if (existing) return this.same(it, existing);
    await this.send(it, false);
    const stored = await this.get(it.path);
    if (!stored || !bytesEqual(stored, it.data)) throw new ImmutableWriteError(`${it.path} was written at the same time with different contents`);
  }

  private same(it: Plan, existing: Uint8Array): void {
    if (!bytesEqual(existing, it.data)) throw new ImmutableWriteError(`${it.path} already exists with different contents`);
  }

  private async send(it: Plan, ifNoneMatch: boolean): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: it.key,
          Body: it.data,
          ContentType: CONTENT_TYPE[it.kind],
          ...(ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      );
      this.bucketSeen = true;
    } catch (e) {
      if (ifNoneMatch && isConflict(e)) throw e; // the caller compares
      throw this.fail(e, it.key, 'write');
    }
  }
}

/** Reads a body, refusing it as soon as it passes the most bytes an object at `path` can hold. */
async function readCapped(body: ReadableBody, path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    checkObjectSize(path, total); // leaving the loop early destroys the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
