// Checkpoints: the exact text format, strict size and root parsing, extension lines, and verification.
import { describe, expect, it } from 'vitest';
import { formatCheckpointText, openCheckpoint, parseCheckpointText, signCheckpoint, type Checkpoint } from '../../src/ledger/checkpoint.js';
import { ed25519Signer } from '../../src/ledger/ed25519.js';
import { MalformedError, VerificationError } from '../../src/ledger/errors.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { EMPTY_ROOT } from '../../src/ledger/merkle.js';
import { signNote } from '../../src/ledger/note.js';

const root = Buffer.alloc(32, 0xab);
const rootB64 = root.toString('base64');
const cp: Checkpoint = { origin: 'kilpi.example/audit', size: 1234, rootHash: root, extensions: [] };
const signer = ed25519Signer('kilpi.example/audit', Buffer.alloc(32, 1));
const verifier = parseVerifierKey(verifierKeyOf(signer));

describe('format', () => {
  it('writes origin, decimal size and base64 root, one per line', () => {
    expect(formatCheckpointText(cp)).toBe(`kilpi.example/audit\n1234\n${rootB64}\n`);
    expect(formatCheckpointText({ ...cp, size: 0, rootHash: EMPTY_ROOT })).toBe(`kilpi.example/audit\n0\n${EMPTY_ROOT.toString('base64')}\n`);
  });

  it('keeps extension lines in order, byte for byte', () => {
    const text = formatCheckpointText({ ...cp, extensions: ['one ext', 'two'] });
    expect(text).toBe(`kilpi.example/audit\n1234\n${rootB64}\none ext\ntwo\n`);
    expect(parseCheckpointText(text).extensions).toEqual(['one ext', 'two']);
  });

  it('round-trips through signing and opening', () => {
    const opened = openCheckpoint(signCheckpoint(cp, [signer]), [verifier]);
    expect(opened.checkpoint).toEqual(cp);
    expect(opened.cosignatures).toEqual([]);
  });

  it('accepts the largest size it supports', () => {
    expect(parseCheckpointText(`o\n9007199254740991\n${rootB64}\n`).size).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('malformed checkpoints', () => {
  it.each<[string, string, RegExp]>([
    ['a leading zero in the size', `o\n01234\n${rootB64}\n`, /leading zeros/],
    ['a size of "00"', `o\n00\n${rootB64}\n`, /leading zeros/],
    ['a negative size', `o\n-1\n${rootB64}\n`, /without sign/],
    ['a plus sign', `o\n+1\n${rootB64}\n`, /without sign/],
    ['a decimal point', `o\n1.0\n${rootB64}\n`, /decimal/],
    ['an exponent', `o\n1e3\n${rootB64}\n`, /decimal/],
    ['spaces around the size', `o\n 12\n${rootB64}\n`, /decimal/],
    ['an empty size', `o\n\n${rootB64}\n`, /decimal/],
    ['a size of 2^63', `o\n9223372036854775808\n${rootB64}\n`, /2\^63/],
    ['a twenty-digit size', `o\n12345678901234567890\n${rootB64}\n`, /decimal|2\^63/],
    ['a valid size beyond 2^53', `o\n9223372036854775807\n${rootB64}\n`, /2\^53/],
    ['a 31-byte root', `o\n1\n${Buffer.alloc(31).toString('base64')}\n`, /31 bytes/],
    ['a 33-byte root', `o\n1\n${Buffer.alloc(33).toString('base64')}\n`, /33 bytes/],
    ['a hex root', `o\n1\n${root.toString('hex')}\n`, /base64|bytes/],
    ['a root without padding', `o\n1\n${rootB64.replace(/=$/, '')}\n`, /base64/],
    ['an empty origin', `\n1\n${rootB64}\n`, /origin/],
    ['only two lines', `o\n1\n`, /origin line/],
    ['no final newline', `o\n1\n${rootB64}`, /newline/],
    ['an empty extension line', `o\n1\n${rootB64}\n\next\n`, /extension/],
  ])('refuses %s', (_name, text, reason) => {
    expect(() => parseCheckpointText(text)).toThrow(MalformedError);
    expect(() => parseCheckpointText(text)).toThrow(reason);
  });

  it('reports a malformed body as malformed even when it is signed', () => {
    const note = signNote(`o\n01\n${rootB64}\n`, [signer]);
    expect(() => openCheckpoint(note, [verifier])).toThrow(MalformedError);
  });

  it('refuses to format an impossible checkpoint', () => {
    expect(() => formatCheckpointText({ ...cp, size: -1 })).toThrow(MalformedError);
    expect(() => formatCheckpointText({ ...cp, rootHash: Buffer.alloc(16) })).toThrow(MalformedError);
    expect(() => formatCheckpointText({ ...cp, origin: '' })).toThrow(MalformedError);
    expect(() => formatCheckpointText({ ...cp, extensions: [''] })).toThrow(MalformedError);
    expect(() => formatCheckpointText({ ...cp, origin: 'two\nlines' })).toThrow(MalformedError);
  });
});

describe('verification', () => {
  it('fails for a checkpoint signed by another key', () => {
    const other = ed25519Signer('kilpi.example/audit', Buffer.alloc(32, 2));
    expect(() => openCheckpoint(signCheckpoint(cp, [other]), [verifier])).toThrow(VerificationError);
  });

  it('fails for a checkpoint of another log when the origin is given', () => {
    const note = signCheckpoint({ ...cp, origin: 'kilpi.example/other' }, [signer]);
    expect(openCheckpoint(note, [verifier]).checkpoint.origin).toBe('kilpi.example/other');
    expect(() => openCheckpoint(note, [verifier], { origin: 'kilpi.example/audit' })).toThrow(/not "kilpi.example\/audit"/);
  });

  it('fails when the size or the root was changed after signing', () => {
    const note = signCheckpoint(cp, [signer]);
    expect(() => openCheckpoint(note.replace('\n1234\n', '\n1235\n'), [verifier])).toThrow(VerificationError);
    const otherRoot = Buffer.alloc(32, 0xac).toString('base64');
    expect(() => openCheckpoint(note.replace(rootB64, otherRoot), [verifier])).toThrow(VerificationError);
  });
});
