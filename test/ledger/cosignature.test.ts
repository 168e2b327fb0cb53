// tlog-cosignature/v1: the exact signed message, timestamps, key IDs, and witnesses beside the log's signature.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, signCheckpoint, type Checkpoint } from '../../src/ledger/checkpoint.js';
import { cosignatureMessage, cosignatureSigner, cosignatureTimestamp, cosignatureVerifier } from '../../src/ledger/cosignature.js';
import { ed25519Signer, ed25519Verifier } from '../../src/ledger/ed25519.js';
import { MalformedError, VerificationError } from '../../src/ledger/errors.js';
import { parseVerifierKey, verifierKeyOf } from '../../src/ledger/keys.js';
import { openNote, parseNote, signNote } from '../../src/ledger/note.js';

const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const checkpoint: Checkpoint = {
  origin: 'example.com/behind-the-sofa',
  size: 20852163,
  rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
  extensions: [],
};
const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const witness = cosignatureSigner('witness.example.com/w1', seed, () => 1679315147);

describe('the signed message', () => {
  it('is "cosignature/v1", the time line, then the whole checkpoint body', () => {
    expect(cosignatureMessage(1679315147n, Buffer.from(body)).toString()).toBe(`cosignature/v1\ntime 1679315147\n${body}`);
  });

  it('matches a signature computed independently over that message (a generated vector)', () => {
    // The PKCS#8 wrapping of RFC 8032 test 1's seed; Ed25519 is deterministic, so the bytes are fixed.
    const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const expectedSig = sign(null, Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`), key);
    const got = witness.sign(Buffer.from(body));
    expect(got).toHaveLength(72);
    expect(got.readBigUInt64BE(0)).toBe(1679315147n);
    expect(got.subarray(8)).toEqual(expectedSig);
    // Key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
    const pub = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
    expect(witness.publicKey).toEqual(pub);
    const id = createHash('sha256').update(Buffer.concat([Buffer.from('witness.example.com/w1\n'), Buffer.from([0x04]), pub])).digest().readUInt32BE(0);
    expect(witness.keyId).toBe(id);
  });

  it('refuses timestamps outside 0..2^63-1', () => {
    expect(() => cosignatureMessage(-1n, Buffer.from(body))).toThrow(MalformedError);
    expect(() => cosignatureMessage(1n << 63n, Buffer.from(body))).toThrow(MalformedError);
  });
});

describe('verifying cosigned checkpoints', () => {
  const log = ed25519Signer('example.com/behind-the-sofa', Buffer.alloc(32, 5));
  const vLog = parseVerifierKey(verifierKeyOf(log));
  const vWitness = parseVerifierKey(verifierKeyOf(witness));
  const note = signCheckpoint(checkpoint, [log, witness]);

  it('verifies the log signature and the cosignature, reporting its time', () => {
    const opened = openCheckpoint(note, [vLog, vWitness]);
    expect(opened.note.verified.map((s) => s.name)).toEqual(['example.com/behind-the-sofa', 'witness.example.com/w1']);
    expect(opened.cosignatures).toEqual([{ name: 'witness.example.com/w1', timestamp: 1679315147n }]);
    expect(openCheckpoint(note, [vWitness]).checkpoint.size).toBe(20852163);
  });

  it('a witness can add its cosignature to a note the log already signed', () => {
    const logOnly = signCheckpoint(checkpoint, [log]);
    const parsed = parseNote(logOnly);
    const cosigned = signNote(parsed.text, [witness], parsed.signatures);
    expect(cosigned).toBe(note);
  });

  it('covers extension lines', () => {
    const withExt = signCheckpoint({ ...checkpoint, extensions: ['ext line'] }, [witness]);
    const stripped = withExt.replace('ext line\n', '');
    expect(openCheckpoint(withExt, [vWitness]).checkpoint.extensions).toEqual(['ext line']);
    expect(() => openNote(stripped, [vWitness])).toThrow(VerificationError);
  });

  it('fails when the timestamp changes, even by one second', () => {
    const lines = note.split('\n');
    const raw = Buffer.from(lines[5]!.split(' ')[2]!, 'base64');
    raw.writeBigUInt64BE(1679315148n, 4);
    lines[5] = `\u2014 witness.example.com/w1 ${raw.toString('base64')}`;
    expect(() => openCheckpoint(lines.join('\n'), [vWitness])).toThrow(/does not verify/);
  });

  it('refuses cosignature bytes of the wrong size or with a timestamp beyond 2^63-1', () => {
    const v = cosignatureVerifier('w', witness.publicKey);
    const good = witness.sign(Buffer.from(body));
    // The v1 message does not commit to the cosigner's name: only the key ID in the note binds it.
    expect(v.verify(Buffer.from(body), good)).toBe(true);
    expect(v.keyId).not.toBe(witness.keyId);
    const w = cosignatureVerifier('witness.example.com/w1', witness.publicKey);
    expect(w.verify(Buffer.from(body), good)).toBe(true);
    expect(w.verify(Buffer.from(body), good.subarray(0, 71))).toBe(false);
    expect(w.verify(Buffer.from(body), Buffer.concat([good, Buffer.alloc(1)]))).toBe(false);
    const high = Buffer.from(good);
    high[0] = 0x80;
    expect(cosignatureTimestamp(high)).toBeNull();
    expect(w.verify(Buffer.from(body), high)).toBe(false);
  });

  it('does not accept a plain Ed25519 signature where a cosignature is expected, nor the reverse', () => {
    const plain = ed25519Signer('witness.example.com/w1', seed);
    expect(plain.keyId).not.toBe(witness.keyId);
    const sig = plain.sign(Buffer.from(body));
    expect(cosignatureVerifier('witness.example.com/w1', witness.publicKey).verify(Buffer.from(body), sig)).toBe(false);
    expect(ed25519Verifier('witness.example.com/w1', witness.publicKey).verify(Buffer.from(body), witness.sign(Buffer.from(body)))).toBe(false);
  });
});
