// Pure parts of sign-in: the safe `next` target, TOTP checks with replay refusal, recovery codes.
import { describe, expect, it } from 'vitest';
import { looksLikeRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from '../../src/auth/recovery-codes.js';
import { safeNext } from '../../src/auth/session-cookie.js';
import { newTotpSecret, otpauthUri, timeStep, totpCode, verifyTotp } from '../../src/auth/totp.js';

describe('safeNext', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeNext('/people?status=left&page=2')).toBe('/people?status=left&page=2');
    expect(safeNext('/audit#latest')).toBe('/audit#latest');
  });

  it.each([
    ['//evil.example'],
    ['///evil.example'],
    ['https://evil.example/x'],
    ['http:/evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['data:text/html,hi'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['evil.example'],
    [''],
    ['/login'],
    ['/login/mfa?next=/x'],
    ['/logout'],
    ['/mfa/enrol'],
    ['/' + 'a'.repeat(3000)],
  ])('refuses %j', (raw) => {
    expect(safeNext(raw)).toBe('/');
  });

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 42, ['/x'], { a: 1 }]) expect(safeNext(v)).toBe('/');
  });
});

describe('TOTP', () => {
  const secret = newTotpSecret();
  const at = new Date('2026-11-25T08:00:10Z');

  it('makes a 160-bit base32 secret and an otpauth URI authenticator apps read', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = otpauthUri(secret, 'anna@example.test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kilpi:anna%40example\.test\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });

  it('accepts the current code and one step either side, and returns the matched step', () => {
    expect(verifyTotp(secret, totpCode(secret, at), at, null)).toBe(timeStep(at));
    expect(verifyTotp(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at, null)).toBe(timeStep(at) - 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at, null)).toBe(timeStep(at) + 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(at.getTime() - 60_000)), at, null)).toBeNull();
  });

  it('refuses a code whose step is not after the last accepted one', () => {
    const code = totpCode(secret, at);
    expect(verifyTotp(secret, code, at, timeStep(at))).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at, timeStep(at) - 1)).toBeNull();
    expect(verifyTotp(secret, code, at, timeStep(at) - 1)).toBe(timeStep(at));
  });

  it('refuses codes of the wrong shape without throwing', () => {
    for (const c of ['', '12345', '1234567', 'abcdef', '12 34 5', '１２３４５６', '<script>']) expect(verifyTotp(secret, c, at, null)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, at).replace(/(\d{3})/, '$1 '), at, null)).toBe(timeStep(at));
  });
});

describe('recovery codes', () => {
  it('are 16 unambiguous characters in groups of four, and unique', () => {
    const codes = Array.from({ length: 500 }, newRecoveryCode);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('normalise case, spaces and dashes as people type them', () => {
    expect(normaliseRecoveryCode(' ABCD-efgh jkmn-PQRS ')).toBe('abcdefghjkmnpqrs');
    expect(looksLikeRecoveryCode('ABCD EFGH JKMN PQRS')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode("' OR 1=1 --")).toBe(false);
  });
});
