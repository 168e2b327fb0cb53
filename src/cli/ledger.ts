// The `kilpi ledger` commands: keys, offline verification of notes, checkpoints, proofs, bundles and whole logs,
// and, on an instance, its logs' verifier keys and proof bundles.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openCheckpoint } from '../ledger/checkpoint.js';
import { keyIdHex, type NoteVerifier } from '../ledger/ed25519.js';
import { decodeBase64 } from '../ledger/encoding.js';
import { MalformedError, VerificationError } from '../ledger/errors.js';
import { FsStorage } from '../ledger/fs-storage.js';
import { HttpSource } from '../ledger/http-source.js';
import { formatSignerKey, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../ledger/keys.js';
import { HASH_SIZE, leafHash, MAX_TREE_SIZE, verifyConsistency, verifyInclusion, type Hash } from '../ledger/merkle.js';
import { MAX_NOTE_BYTES, openNote } from '../ledger/note.js';
import { MAX_ENTRY_SIZE } from '../ledger/tiles.js';
import { verifyLog } from '../ledger/verify.js';
import { BUNDLE_FORMAT, makeBundle, MAX_BUNDLE_BYTES, parseBundle, verifyBundle } from '../ledger/bundle.js';
import { decodeUtf8 } from '../ledger/encoding.js';
import type { Ledger } from '../ledger/logs.js';
import { withStorage } from './context.js';
import { UsageError } from './errors.js';

/** What a command prints: a line for people, an object for --json. */
export interface Output {
  human: string;
  json: unknown;
}

/** Verification failed: exit 1 with the reason on one line. */
export class NotVerifiedError extends Error {}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Runs an action, mapping ledger errors to the CLI's exit codes: malformed input 2, not verified 1. */
export async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof MalformedError) throw new UsageError(e.message);
    if (e instanceof VerificationError) throw new NotVerifiedError(`not verified: ${e.message}`);
    throw e;
  }
}

/** Reads a small input file, refusing a missing, non-regular or oversized one as malformed input. */
export async function readInputFile(file: string, max: number, what: string): Promise<Buffer> {
  let fh;
  try {
    fh = await open(file, fsc.O_RDONLY);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UsageError(`${what} ${file} is not a regular file`);
    if (st.size > max) throw new UsageError(`${what} ${file} is larger than ${max} bytes`);
    const buf = Buffer.alloc(max + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead > max) throw new UsageError(`${what} ${file} is larger than ${max} bytes`);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function parseVkeys(values: readonly string[] | undefined): NoteVerifier[] {
  if (!values || values.length === 0) throw new UsageError('give at least one --vkey');
  return values.map((v) => parseVerifierKey(v.trim()));
}

export function parseCount(value: string | undefined, flag: string): number {
  if (value === undefined || !/^(0|[1-9][0-9]*)$/.test(value)) throw new UsageError(`${flag} must be a whole number without sign or leading zeros`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n > MAX_TREE_SIZE) throw new UsageError(`${flag} is larger than ${MAX_TREE_SIZE}`);
  return n;
}

export function parseHash(value: string | undefined, flag: string): Hash {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  const b = decodeBase64(value.trim(), flag);
  if (b.length !== HASH_SIZE) throw new UsageError(`${flag} must be a ${HASH_SIZE}-byte hash in base64 (got ${b.length} bytes)`);
  return b;
}

/** A comma-separated list of base64 hashes; an empty value is the empty proof. */
export function parseProof(value: string | undefined): Hash[] {
  if (value === undefined) throw new UsageError('--proof is required (an empty value for an empty proof)');
  const trimmed = value.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(',');
  if (parts.length > 128) throw new UsageError('--proof has more than 128 hashes');
  return parts.map((p, i) => parseHash(p, `--proof hash ${i + 1}`));
}

/** A file name for a key from its name: anything but letters, digits, dot, dash and underscore becomes `_`. */
export const safeKeyFileName = (name: string): string => `${name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.key`;

export async function keygen(dataDir: string, name: string): Promise<Output> {
  const seed = randomBytes(32);
  const skey = formatSignerKey(name, 0x01, seed); // validates the name
  const vkey = verifierKeyOf(parseSignerKey(skey));
  const dir = resolve(dataDir, 'ledger');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, safeKeyFileName(name));
  let fh;
  try {
    fh = await open(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} already exists; keys are never overwritten`);
    throw e;
  }
  try {
    await fh.writeFile(`${skey}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { human: `${vkey}\n(private key written to ${file})`, json: { name, vkey, key_file: file } };
}

export async function verifyNoteFile(vkeys: readonly string[], file: string): Promise<Output> {
  const verifiers = parseVkeys(vkeys);
  const bytes = await readInputFile(file, MAX_NOTE_BYTES, 'note');
  const note = openNote(bytes, verifiers);
  const signers = note.verified.map((s) => `${s.name}+${keyIdHex(s.keyId)}`);
  return {
    human: `verified: signed by ${signers.join(', ')}${note.unknown.length ? ` (${note.unknown.length} signature(s) by unknown keys ignored)` : ''}`,
    json: { verified: true, signed_by: signers, unknown_signatures: note.unknown.length, text: note.text },
  };
}

export async function verifyCheckpointFile(vkeys: readonly string[], file: string): Promise<Output> {
  const verifiers = parseVkeys(vkeys);
  const bytes = await readInputFile(file, MAX_NOTE_BYTES, 'checkpoint');
  const { checkpoint, note, cosignatures } = openCheckpoint(bytes, verifiers);
  const root = hex(checkpoint.rootHash);
  const signers = note.verified.map((s) => `${s.name}+${keyIdHex(s.keyId)}`);
  return {
    human: [`origin: ${checkpoint.origin}`, `size: ${checkpoint.size}`, `root: ${root}`, `signed by: ${signers.join(', ')}`].join('\n'),
    json: {
      verified: true,
      origin: checkpoint.origin,
      size: checkpoint.size,
      root_hash: root,
      signed_by: signers,
      cosignatures: cosignatures.map((c) => ({ name: c.name, timestamp: Number(c.timestamp) })),
    },
  };
}

export interface InclusionArgs {
  leafHash?: string;
  leafData?: string;
  index?: string;
  size?: string;
  root?: string;
  proof?: string;
}

export async function verifyInclusionArgs(o: InclusionArgs): Promise<Output> {
  if ((o.leafHash === undefined) === (o.leafData === undefined)) throw new UsageError('give exactly one of --leaf-hash or --leaf-data');
  const leaf = o.leafHash !== undefined ? parseHash(o.leafHash, '--leaf-hash') : leafHash(await readInputFile(o.leafData!, MAX_ENTRY_SIZE, 'leaf data'));
  const index = parseCount(o.index, '--index');
  const size = parseCount(o.size, '--size');
  const root = parseHash(o.root, '--root');
  const proof = parseProof(o.proof);
  verifyInclusion(leaf, index, size, proof, root);
  return { human: `verified: leaf ${index} is in the tree of size ${size}`, json: { verified: true, index, size, leaf_hash: hex(leaf) } };
}

export interface ConsistencyArgs {
  size1?: string;
  size2?: string;
  root1?: string;
  root2?: string;
  proof?: string;
}

export async function verifyConsistencyArgs(o: ConsistencyArgs): Promise<Output> {
  const size1 = parseCount(o.size1, '--size1');
  const size2 = parseCount(o.size2, '--size2');
  const root1 = parseHash(o.root1, '--root1');
  const root2 = parseHash(o.root2, '--root2');
  const proof = parseProof(o.proof);
  verifyConsistency(size1, size2, proof, root1, root2);
  return { human: `verified: the tree of size ${size2} extends the tree of size ${size1}`, json: { verified: true, size1, size2 } };
}

export interface VerifyLogArgs {
  url?: string;
  dir?: string;
  vkey?: string[];
  fromCheckpoint?: string;
}

/** A progress bar on standard error, redrawn at most ten times a second; nothing when it is not a terminal. */
export function progressBar(stream: { isTTY?: boolean; write(s: string): unknown }): { update: (done: number, total: number) => void; end: () => void } {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  const draw = (done: number, total: number) => {
    const width = 30;
    const frac = total === 0 ? 1 : done / total;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '-');
    stream.write(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${done}/${total} entries`);
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done, total);
    },
    end: () => stream.write('\r\x1b[K'),
  };
}

export async function verifyLogArgs(o: VerifyLogArgs, progress = progressBar(process.stderr)): Promise<Output> {
  if ((o.url === undefined) === (o.dir === undefined)) throw new UsageError('give exactly one of --url or --dir');
  const verifiers = parseVkeys(o.vkey);
  let source;
  if (o.dir !== undefined) {
    const st = await stat(o.dir).catch(() => null);
    if (!st?.isDirectory()) throw new UsageError(`${o.dir} is not a directory`);
    source = new FsStorage(o.dir, { sync: false, blockingReads: true });
  } else {
    source = new HttpSource(o.url!);
  }
  const from = o.fromCheckpoint !== undefined ? await readInputFile(o.fromCheckpoint, MAX_NOTE_BYTES, 'checkpoint') : undefined;
  if (from) openCheckpoint(from, verifiers); // a bad older checkpoint is the user's input: report it as such
  const started = performance.now();
  try {
    const r = await verifyLog({ source, verifiers, from, onProgress: progress.update });
    const seconds = (performance.now() - started) / 1000;
    const root = hex(r.checkpoint.rootHash);
    const grew = r.from ? `; it contains the older checkpoint of size ${r.from.size} unchanged` : '';
    return {
      human: `verified: ${r.checkpoint.origin}, ${r.entries} entries, root ${root} (${r.objects} objects in ${seconds.toFixed(1)} s)${grew}`,
      json: { verified: true, origin: r.checkpoint.origin, size: r.entries, root_hash: root, objects: r.objects, from_size: r.from?.size ?? null },
    };
  } finally {
    progress.end();
  }
}

/** One of this instance's logs, or a usage error naming the ones there are. */
function instanceLog(ledger: Ledger | undefined, name: string | undefined) {
  if (!name) throw new UsageError('--log is required (e.g. --log audit)');
  const log = ledger?.get(name);
  if (!log) throw new UsageError(`no ledger log "${name.slice(0, 64)}" on this instance (logs: ${ledger?.names.join(', ') || 'none'})`);
  return log;
}

export function vkeyOutput(ledger: Ledger | undefined, name: string | undefined): Output {
  const log = instanceLog(ledger, name);
  return { human: log.verifierKey, json: { log: log.name, origin: log.origin, vkey: log.verifierKey } };
}

export async function bundleFor(ledger: Ledger | undefined, db: Parameters<typeof makeBundle>[1], name: string | undefined, index: string | undefined): Promise<string> {
  const log = instanceLog(ledger, name);
  const i = parseCount(index, '--index');
  return JSON.stringify(await makeBundle(log, db, i), null, 2);
}

export async function verifyBundleFile(vkeys: readonly string[], file: string): Promise<Output> {
  const verifiers = parseVkeys(vkeys);
  const text = decodeUtf8(await readInputFile(file, MAX_BUNDLE_BYTES, 'bundle'), 'bundle');
  const bundle = parseBundle(text);
  const r = verifyBundle(bundle, verifiers);
  const what = r.event
    ? `; the event ${String(r.event.id)} (${String(r.event.action)} at ${String(r.event.occurred_at)}) matches its commitment`
    : '; the bundle carries no event, so only the entry was checked';
  return {
    human: `verified: entry ${r.index} of ${r.origin} is in the signed tree of ${r.size} entries${what}`,
    json: { verified: true, format: BUNDLE_FORMAT, origin: r.origin, index: r.index, size: r.size, event: r.event ?? null },
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

function emit(cmd: Command, out: Output): void {
  const json = (cmd.optsWithGlobals() as { json?: boolean }).json;
  process.stdout.write((json ? JSON.stringify(out.json) : out.human) + '\n');
}

/** Adds `kilpi ledger …` to the program. */
export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('keys, proofs and offline verification for the verified ledger');
  const run = async (cmd: Command, f: () => Promise<Output>) => emit(cmd, await guarded(f));

  ledger
    .command('keygen')
    .description('create a log signing key in the data directory (mode 0600) and print its verifier key')
    .requiredOption('--name <origin>', 'the key name: the log origin, e.g. kilpi.example.com/audit')
    .action((o: { name: string }, cmd: Command) => run(cmd, () => keygen((cmd.optsWithGlobals() as { data: string }).data, o.name)));

  ledger
    .command('verify-note')
    .description('verify a signed note; exit 0 when a known key signed it')
    .option('--vkey <vkey>', 'a trusted verifier key (repeatable)', collect, [])
    .argument('<file>', 'the note')
    .action((file: string, o: { vkey: string[] }, cmd: Command) => run(cmd, () => verifyNoteFile(o.vkey, file)));

  ledger
    .command('verify-checkpoint')
    .description('verify a checkpoint and print its origin, size and root hash')
    .option('--vkey <vkey>', 'a trusted verifier key (repeatable)', collect, [])
    .argument('<file>', 'the checkpoint')
    .action((file: string, o: { vkey: string[] }, cmd: Command) => run(cmd, () => verifyCheckpointFile(o.vkey, file)));

  ledger
    .command('verify-inclusion')
    .description('verify an inclusion proof')
    .option('--leaf-hash <b64>', 'the leaf hash')
    .option('--leaf-data <file>', 'the entry; its leaf hash is computed')
    .option('--index <n>', 'the leaf index')
    .option('--size <n>', 'the tree size')
    .option('--root <b64>', 'the root hash of the tree')
    .option('--proof <b64,...>', 'the proof hashes, comma-separated (empty for an empty proof)')
    .action((o: InclusionArgs, cmd: Command) => run(cmd, () => verifyInclusionArgs(o)));

  ledger
    .command('verify-consistency')
    .description('verify a consistency proof between two tree sizes')
    .option('--size1 <n>', 'the older tree size')
    .option('--size2 <n>', 'the newer tree size')
    .option('--root1 <b64>', 'the older root hash')
    .option('--root2 <b64>', 'the newer root hash')
    .option('--proof <b64,...>', 'the proof hashes, comma-separated (empty for an empty proof)')
    .action((o: ConsistencyArgs, cmd: Command) => run(cmd, () => verifyConsistencyArgs(o)));

  ledger
    .command('vkey')
    .description('print the verifier key of one of this instance’s logs')
    .option('--log <name>', 'the log, e.g. audit')
    .action((o: { log?: string }, cmd: Command) => run(cmd, () => withStorage(cmd, async (_ctx, booted) => vkeyOutput(booted.services.ledger, o.log), { loadContent: false })));

  ledger
    .command('proof')
    .description('write a self-contained offline proof bundle (JSON) for one entry of this instance’s log to standard output')
    .option('--log <name>', 'the log, e.g. audit')
    .option('--index <n>', 'the entry’s index in the log')
    .action(async (o: { log?: string; index?: string }, cmd: Command) => {
      const text = await guarded(() => withStorage(cmd, (_ctx, booted) => bundleFor(booted.services.ledger, booted.services.db, o.log, o.index), { loadContent: false }));
      process.stdout.write(text + '\n');
    });

  ledger
    .command('verify-bundle')
    .description('verify an offline proof bundle: the checkpoint signature, the inclusion proof, and the event against its commitment')
    .option('--vkey <vkey>', 'a trusted verifier key (repeatable)', collect, [])
    .argument('<file>', 'the bundle (from kilpi ledger proof)')
    .action((file: string, o: { vkey: string[] }, cmd: Command) => run(cmd, () => verifyBundleFile(o.vkey, file)));

  ledger
    .command('verify')
    .description('verify a whole log: every entry and tile, the root, the signature, and growth from an older checkpoint')
    .option('--url <url>', 'the log prefix URL (serving checkpoint and tile/…)')
    .option('--dir <dir>', 'a directory holding the log')
    .option('--vkey <vkey>', 'a trusted verifier key (repeatable)', collect, [])
    .option('--from-checkpoint <file>', 'an older checkpoint the log must still contain')
    .action((o: VerifyLogArgs, cmd: Command) => run(cmd, () => verifyLogArgs(o)));
}
