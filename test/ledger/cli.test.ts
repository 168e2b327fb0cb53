// `kilpi ledger`: the actions with good and hostile input, then the real commands and their exit codes (0, 1, 2).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  guarded,
  keygen,
  NotVerifiedError,
  progressBar,
  safeKeyFileName,
  verifyCheckpointFile,
  verifyConsistencyArgs,
  verifyInclusionArgs,
  verifyLogArgs,
  verifyNoteFile,
} from '../../src/cli/ledger.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { consistencyProof, inclusionProof, leafHash, MemoryTree } from '../../src/ledger/merkle.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import { LogWriter } from '../../src/ledger/writer.js';
import { ed25519Signer } from '../../src/ledger/ed25519.js';

const run = promisify(execFile);
// The real command, so the ledger commands are tested as shipped.
const ENTRY = resolve('src/main.ts');
const ORIGIN = 'kilpi.test/audit';
const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 1));
const VKEY = verifierKeyOf(signer);
const quiet = { update: () => undefined, end: () => undefined };

let work: string;
let logDir: string;
let older: string;
let olderFile: string;
let checkpointFile: string;
const tree = new MemoryTree();
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kilpi-cli-'));
  logDir = join(work, 'log');
  const w = await LogWriter.open({ storage: new FsStorage(logDir, { sync: false }), origin: ORIGIN, signers: [signer] });
  const entries = Array.from({ length: 600 }, (_, i) => Buffer.from(`event ${i}`));
  entries.forEach((e) => tree.appendData(e));
  older = (await w.append(entries.slice(0, 100))).checkpoint;
  await w.append(entries.slice(100));
  olderFile = join(work, 'older.checkpoint');
  writeFileSync(olderFile, older);
  checkpointFile = join(logDir, 'checkpoint');
  writeFileSync(join(work, 'entry7'), 'event 7');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What the CLI would exit with for an action's outcome. */
async function exitOf(f: () => Promise<unknown>): Promise<number> {
  try {
    await guarded(async () => {
      await f();
    });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return 2;
    if (e instanceof NotVerifiedError) return 1;
    throw e;
  }
}

describe('keygen', () => {
  it('writes the private key with mode 0600 and prints a working verifier key', async () => {
    const data = join(work, 'data');
    const out = await keygen(data, 'kilpi.example.com/audit');
    const file = join(data, 'ledger', 'kilpi.example.com_audit.key');
    expect((out.json as { key_file: string }).key_file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const vkey = (out.json as { vkey: string }).vkey;
    expect(verifierKeyOf(parseSignerKey(readFileSync(file, 'utf8').trim()))).toBe(vkey);
    expect(parseVerifierKey(vkey).name).toBe('kilpi.example.com/audit');
    expect(out.human.split('\n')[0]).toBe(vkey);
  });

  it('never overwrites a key and refuses invalid names', async () => {
    const data = join(work, 'data2');
    await keygen(data, 'log');
    expect(await exitOf(() => keygen(data, 'log'))).toBe(2);
    expect(await exitOf(() => keygen(data, 'two words'))).toBe(2);
    expect(await exitOf(() => keygen(data, ''))).toBe(2);
    expect(await exitOf(() => keygen(data, 'a+b'))).toBe(2);
  });

  it('makes safe file names', () => {
    expect(safeKeyFileName('../../etc/passwd')).toBe('__.._etc_passwd.key');
    expect(safeKeyFileName('..')).toBe('_.key');
    expect(safeKeyFileName('kilpi.example.com/audit')).toBe('kilpi.example.com_audit.key');
  });
});

describe('verify-note and verify-checkpoint', () => {
  it('verifies a checkpoint and shows origin, size and root in hex', async () => {
    const out = await verifyCheckpointFile([VKEY], checkpointFile);
    const root = Buffer.from(await tree.root()).toString('hex');
    expect(out.human).toContain(`origin: ${ORIGIN}\nsize: 600\nroot: ${root}`);
    expect(out.json).toMatchObject({ verified: true, origin: ORIGIN, size: 600, root_hash: root });
    expect((await verifyNoteFile([VKEY], checkpointFile)).human).toMatch(/^verified: signed by kilpi\.test\/audit\+/);
  });

  it.each<[string, () => Promise<unknown>, number]>([
    ['an unknown key only', () => verifyNoteFile([verifierKeyOf(ed25519Signer('other', Buffer.alloc(32, 3)))], checkpointFile), 1],
    ['no --vkey', () => verifyNoteFile([], checkpointFile), 2],
    ['a malformed --vkey', () => verifyNoteFile(['not-a-key'], checkpointFile), 2],
    ['a private key as --vkey', () => verifyNoteFile([`PRIVATE+KEY+${VKEY}`], checkpointFile), 2],
    ['a missing file', () => verifyNoteFile([VKEY], join(work, 'nope')), 2],
    ['a directory', () => verifyNoteFile([VKEY], work), 2],
    ['a file that is not a note', () => verifyNoteFile([VKEY], join(work, 'entry7')), 2],
    ['a checkpoint with a leading zero in its size', async () => {
      const f = join(work, 'lz.checkpoint');
      const { signNote } = await import('../../src/ledger/note.js');
      writeFileSync(f, signNote(`${ORIGIN}\n0600\n${b64(await tree.root())}\n`, [signer]));
      return verifyCheckpointFile([VKEY], f);
    }, 2],
    ['an oversized file', async () => {
      const f = join(work, 'big');
      writeFileSync(f, Buffer.alloc((1 << 20) + 1, 0x61));
      return verifyCheckpointFile([VKEY], f);
    }, 2],
    ['a tampered checkpoint', async () => {
      const f = join(work, 'tampered');
      writeFileSync(f, readFileSync(checkpointFile, 'utf8').replace('\n600\n', '\n601\n'));
      return verifyCheckpointFile([VKEY], f);
    }, 1],
  ])('exits as it should for %s', async (_name, f, code) => {
    expect(await exitOf(f)).toBe(code);
  });
});

describe('verify-inclusion and verify-consistency', () => {
  it('verify genuine proofs, given a leaf hash or the leaf data', async () => {
    const root = b64(await tree.root());
    const proof = (await inclusionProof(7, 600, tree)).map(b64).join(',');
    expect((await verifyInclusionArgs({ leafHash: b64(leafHash(Buffer.from('event 7'))), index: '7', size: '600', root, proof })).human).toMatch(/^verified/);
    expect((await verifyInclusionArgs({ leafData: join(work, 'entry7'), index: '7', size: '600', root, proof })).json).toMatchObject({ verified: true });
    const cproof = (await consistencyProof(100, 600, tree)).map(b64).join(',');
    expect((await verifyConsistencyArgs({ size1: '100', size2: '600', root1: b64(await tree.root(100)), root2: root, proof: cproof })).human).toMatch(/^verified/);
  });

  it('accepts an empty value as the empty proof', async () => {
    const single = new MemoryTree();
    single.appendData(Buffer.from('only'));
    const r = b64(await single.root());
    expect(await exitOf(() => verifyInclusionArgs({ leafHash: r, index: '0', size: '1', root: r, proof: '' }))).toBe(0);
    expect(await exitOf(() => verifyConsistencyArgs({ size1: '5', size2: '5', root1: r, root2: r, proof: '' }))).toBe(0);
  });

  it.each<[string, Record<string, string | undefined>, number]>([
    ['a proof that is one hash short', { drop: '1' }, 1],
    ['a proof that is one hash long', { extra: '1' }, 1],
    ['the wrong index', { index: '8' }, 1],
    ['an index equal to the size', { index: '600' }, 1],
    ['a leading zero in the index', { index: '07' }, 2],
    ['a negative index', { index: '-7' }, 2],
    ['a fractional size', { size: '600.0' }, 2],
    ['a size beyond 2^53', { size: '18446744073709551615' }, 2],
    ['a 31-byte root', { root: b64(Buffer.alloc(31)) }, 2],
    ['a root in hex', { root: 'ab'.repeat(32) }, 2],
    ['a proof hash of 33 bytes', { proof: b64(Buffer.alloc(33)) }, 2],
    ['a proof with an empty element', { proof: ',' }, 2],
    ['no proof at all', { proof: undefined }, 2],
    ['both --leaf-hash and --leaf-data', { leafData: 'x' }, 2],
    ['neither --leaf-hash nor --leaf-data', { leafHash: undefined }, 2],
    ['HTML in the index', { index: '<script>' }, 2],
  ])('inclusion: exits as it should for %s', async (_name, change, code) => {
    const proof = (await inclusionProof(7, 600, tree)).map(b64);
    const args: Record<string, string | undefined> = {
      leafHash: b64(leafHash(Buffer.from('event 7'))),
      index: '7',
      size: '600',
      root: b64(await tree.root()),
      proof: (change.drop ? proof.slice(0, -1) : change.extra ? [...proof, proof[0]!] : proof).join(','),
    };
    for (const [k, v] of Object.entries(change)) if (k !== 'drop' && k !== 'extra') args[k] = v;
    expect(await exitOf(() => verifyInclusionArgs(args))).toBe(code);
  });

  it.each<[string, Record<string, string | undefined>, number]>([
    ['swapped roots', { swap: '1' }, 1],
    ['a shrinking log', { size1: '600', size2: '100' }, 1],
    ['from the empty tree', { size1: '0' }, 1],
    ['an empty proof for different sizes', { proof: '' }, 1],
    ['a leading zero', { size2: '0600' }, 2],
    ['invalid base64', { root1: '!!!!' }, 2],
  ])('consistency: exits as it should for %s', async (_name, change, code) => {
    const r1 = b64(await tree.root(100));
    const r2 = b64(await tree.root());
    const args: Record<string, string | undefined> = {
      size1: '100',
      size2: '600',
      root1: change.swap ? r2 : r1,
      root2: change.swap ? r1 : r2,
      proof: (await consistencyProof(100, 600, tree)).map(b64).join(','),
    };
    for (const [k, v] of Object.entries(change)) if (k !== 'swap') args[k] = v;
    expect(await exitOf(() => verifyConsistencyArgs(args))).toBe(code);
  });
});

describe('verify (whole log)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      try {
        res.end(readFileSync(join(logDir, ...new URL(req.url!, 'http://x').pathname.split('/').slice(1))));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('verifies a directory and a URL, with growth from an older checkpoint', async () => {
    const dir = await verifyLogArgs({ dir: logDir, vkey: [VKEY], fromCheckpoint: olderFile }, quiet);
    expect(dir.human).toMatch(/^verified: kilpi\.test\/audit, 600 entries, root [0-9a-f]{64} .*older checkpoint of size 100/);
    expect((await verifyLogArgs({ url, vkey: [VKEY] }, quiet)).json).toMatchObject({ verified: true, size: 600 });
  });

  it.each<[string, () => Record<string, unknown>, number]>([
    ['neither --dir nor --url', () => ({ vkey: [VKEY] }), 2],
    ['both --dir and --url', () => ({ dir: logDir, url: 'http://127.0.0.1:1/', vkey: [VKEY] }), 2],
    ['a --dir that does not exist', () => ({ dir: join(work, 'missing'), vkey: [VKEY] }), 2],
    ['a --url that is not http', () => ({ url: 'ftp://example.com/', vkey: [VKEY] }), 2],
    ['a malformed --from-checkpoint', () => ({ dir: logDir, vkey: [VKEY], fromCheckpoint: join(work, 'entry7') }), 2],
    ['a directory that holds no log', () => ({ dir: work, vkey: [VKEY] }), 1],
    ['the wrong key', () => ({ dir: logDir, vkey: [verifierKeyOf(ed25519Signer(ORIGIN, Buffer.alloc(32, 2)))] }), 1],
  ])('exits as it should for %s', async (_name, args, code) => {
    expect(await exitOf(() => verifyLogArgs(args(), quiet))).toBe(code);
  });

  it('draws a progress bar only on a terminal', () => {
    const writes: string[] = [];
    const tty = progressBar({ isTTY: true, write: (s) => writes.push(s) });
    tty.update(300, 600);
    tty.update(600, 600);
    tty.end();
    expect(writes[0]).toMatch(/^\r\[#{15}-{15}\] {2}50% {2}300\/600 entries$/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
    const pipe: string[] = [];
    const notTty = progressBar({ isTTY: false, write: (s) => pipe.push(s) });
    notTty.update(1, 2);
    notTty.end();
    expect(pipe).toEqual([]);
  });
});

describe('the commands, as a user runs them', () => {
  const kilpi = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ENTRY, ...args], { env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('exit 0 with the checkpoint as JSON', async () => {
    const r = await kilpi('--json', 'ledger', 'verify-checkpoint', '--vkey', VKEY, checkpointFile);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ origin: ORIGIN, size: 600 });
  });

  it('exit 1 with the reason on one line when not verified', async () => {
    const r = await kilpi('ledger', 'verify-inclusion', '--leaf-hash', b64(leafHash(Buffer.from('x'))), '--index', '0', '--size', '1', '--root', b64(Buffer.alloc(32)), '--proof', '');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kilpi: not verified: inclusion proof does not lead to the root hash\n');
  });

  it('exit 2 with one clear line for malformed input, and for a usage mistake', async () => {
    const r = await kilpi('ledger', 'verify-consistency', '--size1', '01', '--size2', '2', '--root1', 'x', '--root2', 'x', '--proof', '');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kilpi: --size1 must be a whole number without sign or leading zeros\n');
    const unknown = await kilpi('ledger', 'verify-note', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('verifies a whole log directory, and keygen writes a key into --data', async () => {
    const v = await kilpi('ledger', 'verify', '--dir', logDir, '--vkey', VKEY, '--from-checkpoint', olderFile);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^verified: kilpi\.test\/audit, 600 entries/);
    expect(v.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const data = join(work, 'spawned-data');
    mkdirSync(data);
    const k = await kilpi('--data', data, 'ledger', 'keygen', '--name', 'kilpi.test/spawned');
    expect(k.code).toBe(0);
    expect(parseVerifierKey(k.stdout.split('\n')[0]!).name).toBe('kilpi.test/spawned');
    expect(statSync(join(data, 'ledger', 'kilpi.test_spawned.key')).mode & 0o777).toBe(0o600);
  });
});
