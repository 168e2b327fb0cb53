// Loopback S3 for the storage tests: s3rver in a temp directory, clients for it, and a proxy that adds conditional writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

// s3rver's built-in account; it checks the key ID and (for SigV4) nothing else.
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LoopbackS3 {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with a free port and a fresh directory, with the given buckets. */
export async function startS3rver(buckets: string[] = []): Promise<LoopbackS3> {
  const directory = mkdtempSync(join(tmpdir(), 'kilpi-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A client for a loopback endpoint; one attempt by default so failures show at once. */
export function s3Client(endpoint: string, opts: { credentials?: { accessKeyId: string; secretAccessKey: string }; maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: opts.credentials ?? S3RVER_CREDENTIALS,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Every key under `prefix`, without the prefix, sorted. */
export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) keys.push(o.Key!.slice(prefix.length));
    token = r.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Reads an object around any storage class, for checking what really landed. */
export async function rawGet(client: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey') return null;
    throw e;
  }
}

/** Writes an object around any storage class, for planting hostile objects. */
export async function rawPut(client: S3Client, bucket: string, key: string, data: Uint8Array): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
}

export interface ConditionalProxy {
  endpoint: string;
  /** How conditional PUTs (If-None-Match: *) are answered: like S3 today, or refused as 501 like some gateways. */
  mode: 'conditional' | 'not-implemented';
  /** The next conditional PUT to a key ending in this suffix gets 409 ConditionalRequestConflict, as AWS answers during a race. */
  conflictOnce(keySuffix: string): void;
  /** Drop Content-Length from GET responses, so bodies arrive chunked with no announced size. */
  chunkedReads: boolean;
  /** How many requests passed through, to prove that refused paths send none. */
  requests: number;
  stop(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/**
 * An HTTP proxy in front of s3rver that implements what s3rver lacks: If-None-Match: * on PUT, made
 * atomic per key by serialising conditional writes to one key. Everything else passes through.
 */
export async function startConditionalProxy(target: LoopbackS3): Promise<ConditionalProxy> {
  const locks = new Map<string, Promise<void>>();
  const conflicts: string[] = [];
  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer | null) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: target.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });

  const proxy: ConditionalProxy = {
    endpoint: '',
    mode: 'conditional',
    chunkedReads: false,
    requests: 0,
    conflictOnce: (suffix) => conflicts.push(suffix),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer((req, res) => {
    proxy.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? '/';
        const reply = (status: number, headers: IncomingHttpHeaders, data: Buffer | string) => {
          res.writeHead(status, headers as Record<string, string>);
          res.end(data);
        };
        const fail = (status: number, code: string, message: string) =>
          reply(status, { 'content-type': 'application/xml' }, errorXml(code, message));
        if (req.method === 'PUT' && req.headers['if-none-match'] === '*') {
          if (proxy.mode === 'not-implemented') return fail(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented');
          const key = path.split('?')[0]!; // the SDK adds ?x-id=PutObject
          const c = conflicts.findIndex((s) => key.endsWith(s));
          if (c >= 0) {
            conflicts.splice(c, 1);
            return fail(409, 'ConditionalRequestConflict', 'A conflicting conditional operation is in progress');
          }
          const prev = locks.get(key) ?? Promise.resolve();
          let release!: () => void;
          const mine = new Promise<void>((r) => (release = r));
          locks.set(key, prev.then(() => mine));
          await prev;
          try {
            const head = await forward('HEAD', key, { host: req.headers.host }, null);
            if (head.status === 200) return fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
            const headers = { ...req.headers };
            delete headers['if-none-match'];
            const r = await forward('PUT', path, headers, body);
            return reply(r.status, r.headers, r.body);
          } finally {
            release();
          }
        }
        const r = await forward(req.method ?? 'GET', path, req.headers, req.method === 'GET' || req.method === 'HEAD' ? null : body);
        const headers = { ...r.headers };
        if (proxy.chunkedReads && req.method === 'GET') delete headers['content-length'];
        reply(r.status, headers, r.body);
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
