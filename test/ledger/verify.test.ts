// Whole-log verification from a directory and over HTTP: a sound log passes, every kind of tampering fails.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Signer } from '../../src/ledger/ed25519.js';
import { LedgerError, MalformedError, VerificationError } from '../../src/ledger/errors.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { HttpSource } from '../../src/ledger/http-source.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { leafHash } from '../../src/ledger/merkle.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { LogWriter } from '../../src/ledger/writer.js';

const ORIGIN = 'kilpi.test/audit';
const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 1));
const verifier = parseVerifierKey(verifierKeyOf(signer));
const entries = (from: number, n: number, tag = 'event') => Array.from({ length: n }, (_, i) => Buffer.from(`${tag} ${from + i}`));

let base: string;
let older: string; // checkpoint at 6000 entries
const SIZE = 66_000; // three tile levels: full level-0 and level-1 tiles, partial ones at each level

async function buildLog(dir: string, n: number, tag = 'event'): Promise<string[]> {
  const w = await LogWriter.open({ storage: new FsStorage(dir, { sync: false }), origin: ORIGIN, signers: [signer] });
  const notes: string[] = [];
  for (let i = 0; i < n; i += 6000) notes.push((await w.append(entries(i, Math.min(6000, n - i), tag))).checkpoint);
  return notes;
}

const verifyDir = (dir: string, extra: Partial<Parameters<typeof verifyLog>[0]> = {}) =>
  verifyLog({ source: new FsStorage(dir, { sync: false }), verifiers: [verifier], ...extra });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'kilpi-verify-base-'));
  older = (await buildLog(base, SIZE))[0]!;
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a sound log', () => {
  it('verifies, reading every entry bundle and tile', async () => {
    const progress: number[] = [];
    const r = await verifyDir(base, { onProgress: (done) => progress.push(done) });
    expect(r.entries).toBe(SIZE);
    // 258 bundles + 258 level-0 tiles + 2 level-1 tiles + 1 level-2 tile.
    expect(r.objects).toBe(258 + 258 + 2 + 1);
    expect(progress.at(-1)).toBe(SIZE);
    expect(progress).toHaveLength(258);
  });

  it('proves it grew from an older checkpoint, and from its own', async () => {
    expect((await verifyDir(base, { from: older })).from?.size).toBe(6000);
    const current = readFileSync(join(base, 'checkpoint'));
    expect((await verifyDir(base, { from: current })).from?.size).toBe(SIZE);
  });

  it('verifies an empty log', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kilpi-verify-empty-'));
    await LogWriter.open({ storage: new FsStorage(d, { sync: false }), origin: ORIGIN, signers: [signer] });
    expect((await verifyDir(d)).entries).toBe(0);
    rmSync(d, { recursive: true });
  });
});

describe('a damaged log fails', () => {
  /** Damages the shared log, verifies, then puts back exactly the files it named. */
  const damaged = async (files: string[], damage: (dir: string) => void, reason: RegExp, extra = {}) => {
    const saved = files.map((f) => [f, readFileSync(join(base, f))] as const);
    try {
      damage(base);
      const err = await verifyDir(base, extra).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(VerificationError);
      expect((err as Error).message).toMatch(reason);
    } finally {
      for (const [f, bytes] of saved) writeFileSync(join(base, f), bytes);
    }
  };
  const patch = (file: string, at: number, byte: number) => (d: string) => {
    const b = readFileSync(join(d, file));
    b[at] = byte;
    writeFileSync(join(d, file), b);
  };
  afterAll(async () => {
    await verifyDir(base); // every damage was undone
  });

  it('when an entry changes', () => damaged(['tile/entries/001'], patch('tile/entries/001', 10, 0x58), /entry 256 does not match/));
  it('when a level-0 hash changes', () => damaged(['tile/0/000'], patch('tile/0/000', 0, 0), /entry 0 does not match/));
  it('when a level-1 hash changes', () => damaged(['tile/1/000'], patch('tile/1/000', 40, 0), /tile\/1\/000: hash 1 does not match/));
  it('when the top partial tile changes', () => damaged(['tile/2/000.p/1'], patch('tile/2/000.p/1', 0, 0), /tile\/2\/000\.p\/1: hash 0/));
  it('when an entry changes together with its leaf hash (so upper levels catch it)', () =>
    damaged(
      ['tile/entries/000', 'tile/0/000'],
      (d) => {
        const bundle = readFileSync(join(d, 'tile/entries/000'));
        bundle[2] = 0x45; // "event 0" → "Event 0"
        writeFileSync(join(d, 'tile/entries/000'), bundle);
        const tile = readFileSync(join(d, 'tile/0/000'));
        leafHash(Buffer.from('Event 0')).copy(tile, 0);
        writeFileSync(join(d, 'tile/0/000'), tile);
      },
      /tile\/1\/000: hash 0 does not match/,
    ));
  it('when a tile is missing', () => damaged(['tile/0/100'], (d) => unlinkSync(join(d, 'tile/0/100')), /tile\/0\/100 is missing/));
  it('when a bundle is missing', () => damaged(['tile/entries/257.p/208'], (d) => unlinkSync(join(d, 'tile/entries/257.p/208')), /is missing/));
  it('when a tile is truncated', () =>
    damaged(['tile/0/005'], (d) => writeFileSync(join(d, 'tile/0/005'), readFileSync(join(d, 'tile/0/005')).subarray(0, 8000)), /tile\/0\/005: hash tile is 8000 bytes/));
  it('when a tile is oversized', () => damaged(['tile/0/005'], (d) => writeFileSync(join(d, 'tile/0/005'), Buffer.alloc(9000)), /tile\/0\/005/));
  it('when a bundle has trailing bytes', () =>
    damaged(['tile/entries/003'], (d) => writeFileSync(join(d, 'tile/entries/003'), Buffer.concat([readFileSync(join(d, 'tile/entries/003')), Buffer.from([0])])), /tile\/entries\/003/));
  it('when the checkpoint is missing', () => damaged(['checkpoint'], (d) => unlinkSync(join(d, 'checkpoint')), /no checkpoint/));
  it('when the checkpoint is signed by another key', () =>
    damaged(
      ['checkpoint'],
      (d) => {
        const text = readFileSync(join(d, 'checkpoint'), 'utf8').split('\n\n')[0]!;
        const other = ed25519Signer(ORIGIN, Buffer.alloc(32, 9));
        const raw = Buffer.concat([Buffer.alloc(4), other.sign(Buffer.from(`${text}\n`))]);
        raw.writeUInt32BE(other.keyId, 0);
        writeFileSync(join(d, 'checkpoint'), `${text}\n\n\u2014 ${ORIGIN} ${raw.toString('base64')}\n`);
      },
      /no signature by a known key/,
    ));
  it('when the checkpoint is malformed', () => damaged(['checkpoint'], (d) => writeFileSync(join(d, 'checkpoint'), 'garbage'), /checkpoint: /));
  it('when the checkpoint claims more entries than the tiles hold', () =>
    damaged(['checkpoint'], (d) => writeFileSync(join(d, 'checkpoint'), readFileSync(join(d, 'checkpoint'), 'utf8').replace(`\n${SIZE}\n`, `\n${SIZE + 1}\n`)), /does not verify/));
  it('when the log is for another origin', () => damaged([], () => undefined, /not "kilpi.test\/other"/, { origin: 'kilpi.test/other' }));
});

describe('growth from an older checkpoint', () => {
  it('fails for a log rewritten from the start and re-signed with the same key', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kilpi-verify-rewritten-'));
    await buildLog(d, 7000, 'forged');
    await expect(verifyDir(d, { from: older })).rejects.toThrow(/log was rewritten/);
    rmSync(d, { recursive: true });
  });

  it('fails when the log shrank', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kilpi-verify-short-'));
    await buildLog(d, 5000);
    await expect(verifyDir(d, { from: older })).rejects.toThrow(/shrank/);
    rmSync(d, { recursive: true });
  });

  it('reports a malformed older checkpoint as malformed, and a foreign one as not verified', async () => {
    await expect(verifyDir(base, { from: 'not a checkpoint' })).rejects.toThrow(MalformedError);
    const other = ed25519Signer('kilpi.test/other', Buffer.alloc(32, 1));
    const d = mkdtempSync(join(tmpdir(), 'kilpi-verify-other-'));
    const w = await LogWriter.open({ storage: new FsStorage(d, { sync: false }), origin: 'kilpi.test/other', signers: [other] });
    const foreign = (await w.append(entries(0, 3))).checkpoint;
    await expect(verifyDir(base, { from: foreign })).rejects.toThrow(VerificationError);
    await expect(
      verifyLog({ source: new FsStorage(base), verifiers: [verifier, parseVerifierKey(verifierKeyOf(other))], from: foreign }),
    ).rejects.toThrow(/older checkpoint is for "kilpi.test\/other"/);
    rmSync(d, { recursive: true });
  });
});

describe('over HTTP', () => {
  let server: Server;
  let url: string;
  const overrides = new Map<string, (res: import('node:http').ServerResponse) => void>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/^\/log\//, '');
      const o = overrides.get(path);
      if (o) return o(res);
      try {
        const body = readFileSync(join(base, ...path.split('/')));
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/log`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('verifies a log served in the tlog-tiles layout', async () => {
    const r = await verifyLog({ source: new HttpSource(url), verifiers: [verifier], from: older });
    expect(r.entries).toBe(SIZE);
  });

  it('fails on a missing tile, a server error, an oversized body or a slow server', async () => {
    overrides.set('tile/0/002', (res) => res.writeHead(404).end());
    await expect(verifyLog({ source: new HttpSource(url), verifiers: [verifier] })).rejects.toThrow(/tile\/0\/002 is missing/);
    overrides.set('tile/0/002', (res) => res.writeHead(500).end());
    await expect(verifyLog({ source: new HttpSource(url), verifiers: [verifier] })).rejects.toThrow(/HTTP 500/);
    overrides.set('tile/0/002', (res) => res.writeHead(200).end(Buffer.alloc(100_000)));
    await expect(verifyLog({ source: new HttpSource(url), verifiers: [verifier] })).rejects.toThrow(VerificationError);
    overrides.set('tile/0/002', (res) => {
      res.writeHead(200);
      setTimeout(() => res.end(), 2_000);
    });
    await expect(verifyLog({ source: new HttpSource(url, { timeoutMs: 200 }), verifiers: [verifier] })).rejects.toThrow(LedgerError);
    overrides.clear();
  });

  it('refuses URLs it should not fetch', () => {
    expect(() => new HttpSource('not a url')).toThrow(MalformedError);
    expect(() => new HttpSource('file:///etc/')).toThrow(MalformedError);
    expect(() => new HttpSource('https://user:pw@example.com/log')).toThrow(MalformedError);
  });
});
