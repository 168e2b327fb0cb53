// Every string the auth pages use exists in English and Finnish.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/auth/messages.js';
import '../../src/web/messages.js';
import { catalogueKeys } from '../../src/web/i18n.js';
import { ROLES } from '../../src/auth/roles.js';
import { TOKEN_LIFETIMES } from '../../src/auth/pages/account.js';

const dir = join(import.meta.dirname, '../../src/auth/pages');
const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));

describe('auth messages', () => {
  it('has every key the pages use in both languages', () => {
    const used = new Set<string>();
    for (const src of sources) for (const m of src.matchAll(/\bt\('([a-z_.()]+)'/g)) used.add(m[1]!);
    for (const r of ROLES) used.add(`role.${r}`);
    for (const l of TOKEN_LIFETIMES) used.add(`account.token.lifetime.${l}`);
    for (const d of ['role', 'unlock', 'disable', 'enable', 'reset_mfa']) used.add(`users.done.${d}`);
    for (const f of ['name', 'email', 'role', 'password', '(body)']) used.add(`users.err.${f}`);
    expect(used.size).toBeGreaterThan(100);
    const en = new Set(catalogueKeys('en'));
    const fi = new Set(catalogueKeys('fi'));
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
    expect([...used].filter((k) => !fi.has(k))).toEqual([]);
  });

  it('has the same keys in English and Finnish', () => {
    const en = catalogueKeys('en').filter((k) => /^(auth|account|users)\./.test(k));
    const fi = new Set(catalogueKeys('fi'));
    expect(en.filter((k) => !fi.has(k))).toEqual([]);
  });
});
