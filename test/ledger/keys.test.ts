// Key strings: verifier and private keys, key IDs, plus signs inside base64, and every malformed shape.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeKeyId, SIG_TYPE_COSIGNATURE_V1, SIG_TYPE_ED25519 } from '../../src/ledger/ed25519.js';
import { MalformedError } from '../../src/ledger/errors.js';
import { formatSignerKey, formatVerifierKey, generateKey, parseSignerKey, parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { openNote, signNote } from '../../src/ledger/note.js';

/** A seed whose verifier key has a `+` in its base64 part, found deterministically. */
function seedWithPlus(): Buffer {
  for (let i = 0; ; i++) {
    const seed = createHash('sha256').update(`seed ${i}`).digest();
    const vkey = verifierKeyOf(parseSignerKey(formatSignerKey('example.com/log', SIG_TYPE_ED25519, seed)));
    if (vkey.split('+').length > 3) return seed;
  }
}

describe('key IDs and strings', () => {
  it('computes the key ID as the first four bytes of SHA-256(name, newline, type, key)', () => {
    const pub = Buffer.alloc(32, 7);
    const h = createHash('sha256').update(Buffer.concat([Buffer.from('example.com/log\n'), Buffer.from([0x01]), pub])).digest();
    expect(computeKeyId('example.com/log', 0x01, pub)).toBe(h.readUInt32BE(0));
    expect(computeKeyId('example.com/log', 0x04, pub)).not.toBe(h.readUInt32BE(0));
  });

  it('splits on the first two plus signs only, so base64 with "+" parses', () => {
    const skey = formatSignerKey('example.com/log', SIG_TYPE_ED25519, seedWithPlus());
    const vkey = verifierKeyOf(parseSignerKey(skey));
    expect(vkey.split('+').length).toBeGreaterThan(3);
    const v = parseVerifierKey(vkey);
    expect(v.name).toBe('example.com/log');
    expect(formatVerifierKey(v)).toBe(vkey);
    expect(openNote(signNote('x\n', [parseSignerKey(skey)]), [v]).verified).toHaveLength(1);
  });

  it('generates keys that sign and verify, and whose private key holds the seed', () => {
    const { skey, vkey } = generateKey('kilpi.example/audit');
    expect(skey).toMatch(/^PRIVATE\+KEY\+kilpi\.example\/audit\+[0-9a-f]{8}\+/);
    expect(vkey).toMatch(/^kilpi\.example\/audit\+[0-9a-f]{8}\+/);
    expect(Buffer.from(skey.split('+').slice(4).join('+'), 'base64')).toHaveLength(33);
    const note = signNote('checkpoint\n', [parseSignerKey(skey)]);
    expect(openNote(note, [parseVerifierKey(vkey)]).text).toBe('checkpoint\n');
  });

  it('derives the same public key as Node does from the seed', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(parseSignerKey(formatSignerKey('k', SIG_TYPE_ED25519, seed)).publicKey).toEqual(raw);
  });

  it('accepts an upper-case key ID, as other implementations do', () => {
    const { vkey } = generateKey('example.com/log');
    const [name, id, key] = [vkey.split('+')[0], vkey.split('+')[1]!, vkey.split('+').slice(2).join('+')];
    expect(parseVerifierKey(`${name}+${id.toUpperCase()}+${key}`).name).toBe('example.com/log');
  });

  it('parses type 0x04 keys as cosignature verifiers', () => {
    const skey = formatSignerKey('witness.example/w1', SIG_TYPE_COSIGNATURE_V1, Buffer.alloc(32, 9));
    const v = parseVerifierKey(verifierKeyOf(parseSignerKey(skey)));
    expect(v.type).toBe(SIG_TYPE_COSIGNATURE_V1);
  });
});

describe('malformed keys', () => {
  const { skey, vkey } = generateKey('example.com/log');
  const [name, id] = vkey.split('+') as [string, string];
  const key = vkey.split('+').slice(2).join('+');
  const raw = Buffer.from(key, 'base64');
  const withKey = (bytes: Buffer) => `${name}+${id}+${bytes.toString('base64')}`;

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['no plus signs', 'example.com/log'],
    ['one plus sign', `${name}+${id}`],
    ['an empty name', `+${id}+${key}`],
    ['a name with a space', `example com+${id}+${key}`],
    ['a name with a tab', `example\tcom+${id}+${key}`],
    ['a name with a no-break space', `example\u00a0com+${id}+${key}`],
    ['a seven-digit key ID', `${name}+${id.slice(1)}+${key}`],
    ['a non-hex key ID', `${name}+zzzzzzzz+${key}`],
    ['a key ID that does not match', `${name}+${id === '00000000' ? '00000001' : '00000000'}+${key}`],
    ['a key under another name', `example.com/other+${id}+${key}`],
    ['invalid base64', `${name}+${id}+${key.slice(0, -1)}!`],
    ['empty key material', `${name}+${id}+`],
    ['an unknown signature type', withKey(Buffer.concat([Buffer.from([0x02]), raw.subarray(1)]))],
    ['a 31-byte key', withKey(raw.subarray(0, 32))],
    ['a 33-byte key', withKey(Buffer.concat([raw, Buffer.alloc(1)]))],
    ['a private key', skey],
    ['a key with trailing whitespace', `${vkey}\n`],
    ['a very long string', `${name}+${id}+${'A'.repeat(10_000)}`],
    ['a number', 42],
  ])('refuses %s as a verifier key', (_name, value) => {
    expect(() => parseVerifierKey(value as string)).toThrow(MalformedError);
  });

  it.each<[string, string]>([
    ['a verifier key', vkey],
    ['a missing prefix', skey.replace('PRIVATE+KEY+', '')],
    ['a lower-case prefix', skey.replace('PRIVATE+KEY+', 'private+key+')],
    ['a key ID that does not match', skey.replace(`+${id}+`, `+${id === '00000000' ? '00000001' : '00000000'}+`)],
    ['a truncated seed', skey.slice(0, -8)],
  ])('refuses %s as a private key', (_name, value) => {
    expect(() => parseSignerKey(value)).toThrow(MalformedError);
  });

  it('refuses to generate a key with an invalid name', () => {
    expect(() => generateKey('')).toThrow(MalformedError);
    expect(() => generateKey('a+b')).toThrow(MalformedError);
    expect(() => generateKey('a b')).toThrow(MalformedError);
  });
});
