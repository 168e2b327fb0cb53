// Signed notes: the format byte for byte, several signers, unknown and failing signatures, malformed notes.
import { describe, expect, it } from 'vitest';
import { MalformedError, VerificationError } from '../../src/ledger/errors.js';
import { ed25519Signer, SIG_TYPE_COSIGNATURE_V1 } from '../../src/ledger/ed25519.js';
import { formatSignerKey, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { MAX_NOTE_BYTES, openNote, parseNote, signNote } from '../../src/ledger/note.js';

const seed = (n: number) => Buffer.alloc(32, n);
const alice = ed25519Signer('example.com/alice', seed(1));
const bob = ed25519Signer('example.com/bob', seed(2));
const vAlice = parseVerifierKey(verifierKeyOf(alice));
const vBob = parseVerifierKey(verifierKeyOf(bob));
const text = 'hello\nworld\n';

describe('signing and formatting', () => {
  it('writes the text, a blank line and one em-dash line per signature', () => {
    const note = signNote(text, [alice, bob]);
    const lines = note.split('\n');
    expect(lines.slice(0, 3)).toEqual(['hello', 'world', '']);
    expect(lines[3]).toMatch(/^\u2014 example\.com\/alice [A-Za-z0-9+/]+=*$/);
    expect(lines[4]).toMatch(/^\u2014 example\.com\/bob /);
    expect(note.endsWith('\n')).toBe(true);
    // The base64 holds the 4-byte key ID, then the 64-byte Ed25519 signature.
    const raw = Buffer.from(lines[3]!.split(' ')[2]!, 'base64');
    expect(raw.length).toBe(68);
    expect(raw.readUInt32BE(0)).toBe(alice.keyId);
  });

  it('parses back what it writes, and keeps text with inner blank lines whole', () => {
    const t = 'a\n\nb\n\n';
    const note = signNote(t, [alice]);
    const parsed = parseNote(note);
    expect(parsed.text).toBe(t);
    expect(openNote(note, [vAlice]).text).toBe(t);
  });

  it('refuses text that is empty, lacks a final newline or holds control characters', () => {
    expect(() => signNote('', [alice])).toThrow(MalformedError);
    expect(() => signNote('no newline', [alice])).toThrow(MalformedError);
    expect(() => signNote('tab\there\n', [alice])).toThrow(MalformedError);
    expect(() => signNote('crlf\r\n', [alice])).toThrow(MalformedError);
    expect(() => signNote('lone \ud800 surrogate\n', [alice])).toThrow(MalformedError);
    expect(() => signNote(text, [])).toThrow(MalformedError);
  });
});

describe('opening', () => {
  const both = signNote(text, [alice, bob]);

  it('verifies with any one known key and ignores the others', () => {
    const a = openNote(both, [vAlice]);
    expect(a.verified.map((s) => s.name)).toEqual(['example.com/alice']);
    expect(a.unknown.map((s) => s.name)).toEqual(['example.com/bob']);
    expect(openNote(both, [vAlice, vBob]).verified).toHaveLength(2);
    expect(openNote(Buffer.from(both), [vBob]).text).toBe(text);
  });

  it('refuses a note signed only by unknown keys', () => {
    expect(() => openNote(both, [])).toThrow(VerificationError);
    const carol = parseVerifierKey(verifierKeyOf(ed25519Signer('example.com/carol', seed(3))));
    expect(() => openNote(both, [carol])).toThrow(/no signature by a known key/);
  });

  it('refuses the whole note when a known key signature fails, even beside a valid one', () => {
    const lines = both.split('\n');
    const raw = Buffer.from(lines[4]!.split(' ')[2]!, 'base64');
    raw[10] = raw[10]! ^ 1;
    lines[4] = `\u2014 example.com/bob ${raw.toString('base64')}`;
    const tampered = lines.join('\n');
    expect(() => openNote(tampered, [vAlice, vBob])).toThrow(/example\.com\/bob .* does not verify/);
    expect(openNote(tampered, [vAlice]).verified).toHaveLength(1); // bob unknown here: ignored
  });

  it('treats a signature with a known name but another key ID (or the reverse) as unknown', () => {
    const lines = both.split('\n');
    const raw = Buffer.from(lines[3]!.split(' ')[2]!, 'base64');
    raw.writeUInt32BE((alice.keyId + 1) >>> 0, 0);
    const otherId = `${text}\n\u2014 example.com/alice ${raw.toString('base64')}\n`;
    expect(() => openNote(otherId, [vAlice])).toThrow(/no signature by a known key/);
    const otherName = `${text}\n${lines[3]!.replace('example.com/alice', 'example.com/mallory')}\n`;
    expect(() => openNote(otherName, [vAlice])).toThrow(/no signature by a known key/);
  });

  it('does not accept a plain signature for a cosigner key with the same name and seed', () => {
    const cosignerKey = parseVerifierKey(verifierKeyOf(parseSignerKey(formatSignerKey('example.com/alice', SIG_TYPE_COSIGNATURE_V1, seed(1)))));
    expect(cosignerKey.keyId).not.toBe(vAlice.keyId);
    expect(() => openNote(both, [cosignerKey])).toThrow(VerificationError);
  });

  it('reports a repeated signature by one key once', () => {
    const lines = both.split('\n');
    const twice = `${text}\n${lines[3]}\n${lines[3]}\n`;
    expect(openNote(twice, [vAlice]).verified).toHaveLength(1);
  });

  it('refuses a note whose text was changed', () => {
    expect(() => openNote(both.replace('world', 'World'), [vAlice])).toThrow(VerificationError);
  });
});

describe('malformed notes', () => {
  const good = signNote(text, [alice]);
  const sigLine = good.split('\n')[3]!;
  const b64 = sigLine.split(' ')[2]!;

  it.each<[string, string | Buffer]>([
    ['no blank line', `hello\n${sigLine}\n`],
    ['no signature lines', `hello\n\n`],
    ['no final newline', good.slice(0, -1)],
    ['a hyphen instead of an em dash', `${text}\n- example.com/alice ${b64}\n`],
    ['an en dash instead of an em dash', `${text}\n\u2013 example.com/alice ${b64}\n`],
    ['no space after the dash', `${text}\n\u2014example.com/alice ${b64}\n`],
    ['no signature after the name', `${text}\n\u2014 example.com/alice\n`],
    ['an empty name', `${text}\n\u2014  ${b64}\n`],
    ['a name with a plus sign', `${text}\n\u2014 example.com+alice ${b64}\n`],
    ['two spaces before the signature', `${text}\n\u2014 example.com/alice  ${b64}\n`],
    ['base64 with a stray character', `${text}\n\u2014 example.com/alice ${b64.slice(0, -2)}*=\n`],
    ['base64 without padding', `${text}\n\u2014 example.com/alice ${b64.replace(/=+$/, '')}\n`],
    ['URL-safe base64', `${text}\n\u2014 example.com/alice -${b64.slice(1)}\n`],
    ['a signature shorter than five bytes', `${text}\n\u2014 example.com/alice AAAAAA==\n`],
    ['a carriage return', good.replace('hello\n', 'hello\r\n')],
    ['a NUL byte', good.replace('hello', 'hel\u0000lo')],
    ['invalid UTF-8', Buffer.concat([Buffer.from('hello \xff', 'latin1'), Buffer.from(`\n\n${sigLine}\n`)])],
    ['overlong UTF-8', Buffer.concat([Buffer.from([0x68, 0xc0, 0xaf, 0x0a, 0x0a]), Buffer.from(`${sigLine}\n`)])],
    ['too many signatures', `${text}\n${`${sigLine}\n`.repeat(101)}`],
  ])('refuses %s', (_name, note) => {
    expect(() => parseNote(note)).toThrow(MalformedError);
    expect(() => openNote(note, [vAlice])).toThrow(MalformedError);
  });

  it('refuses a note larger than the limit before parsing it', () => {
    const huge = `${'a'.repeat(MAX_NOTE_BYTES)}\n\n${sigLine}\n`;
    expect(() => parseNote(huge)).toThrow(/larger than/);
  });

  it('accepts at least 16 signatures', () => {
    const signers = Array.from({ length: 16 }, (_, i) => ed25519Signer(`example.com/k${i}`, seed(10 + i)));
    const note = signNote(text, signers);
    expect(openNote(note, signers.map((s) => parseVerifierKey(verifierKeyOf(s)))).verified).toHaveLength(16);
  });
});
