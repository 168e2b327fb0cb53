// Reads TLS cipher suite names (IANA `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` or OpenSSL
// `ECDHE-RSA-AES128-GCM-SHA256`) into their parts, so rules can judge each part on its own.
import type { CipherMode, Hash, KeyExchange, SymmetricAlgorithm } from './policy-schema.js';

export interface SuiteParts {
  name: string;
  keyExchange: KeyExchange;
  /** Server authentication: RSA, ECDSA, DSS, PSK, anon or null (TLS 1.3 leaves it to the certificate). */
  auth: string | null;
  cipher: SymmetricAlgorithm;
  bits: number;
  mode: CipherMode;
  /** The suite's MAC or PRF hash. */
  hash: Hash;
  export: boolean;
  anon: boolean;
}

const HASH_TOKENS: Record<string, Hash> = { SHA: 'SHA-1', SHA1: 'SHA-1', SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512', MD5: 'MD5' };

/** The cipher part: `AES_128_GCM`, `3DES_EDE_CBC`, `RC4_128`, `CHACHA20_POLY1305`, `NULL` … */
function cipherOf(tokens: string[]): { cipher: SymmetricAlgorithm; bits: number; mode: CipherMode; rest: string[] } | null {
  const [a, b, c, d] = tokens;
  const mode = (m: string | undefined): CipherMode | null => (m === 'GCM' || m === 'CBC' || m === 'CTR' ? m : m === 'CCM' ? (d === '8' ? 'CCM_8' : 'CCM') : null);
  switch (a) {
    case 'AES':
    case 'CAMELLIA':
    case 'ARIA': {
      const m = mode(c);
      if (!/^\d+$/.test(b ?? '') || !m) return null;
      return { cipher: a, bits: Number(b), mode: m, rest: tokens.slice(m === 'CCM_8' ? 4 : 3) };
    }
    case 'CHACHA20':
      return b === 'POLY1305' ? { cipher: 'CHACHA20', bits: 256, mode: 'POLY1305', rest: tokens.slice(2) } : null;
    case '3DES':
      return b === 'EDE' && c === 'CBC' ? { cipher: '3DES', bits: 112, mode: 'CBC', rest: tokens.slice(3) } : null;
    case 'DES':
      return b === 'CBC' ? { cipher: 'DES', bits: 56, mode: 'CBC', rest: tokens.slice(2) } : b === 'CBC40' ? { cipher: 'DES', bits: 40, mode: 'CBC', rest: tokens.slice(2) } : null;
    case 'DES40':
      return b === 'CBC' ? { cipher: 'DES', bits: 40, mode: 'CBC', rest: tokens.slice(2) } : null;
    case 'RC4':
      return /^\d+$/.test(b ?? '') ? { cipher: 'RC4', bits: Number(b), mode: 'STREAM', rest: tokens.slice(2) } : null;
    case 'RC2':
      return b === 'CBC' && /^\d+$/.test(c ?? '') ? { cipher: 'RC2', bits: Number(c), mode: 'CBC', rest: tokens.slice(3) } : null;
    case 'IDEA':
      return b === 'CBC' ? { cipher: 'IDEA', bits: 128, mode: 'CBC', rest: tokens.slice(2) } : null;
    case 'SEED':
      return b === 'CBC' ? { cipher: 'SEED', bits: 128, mode: 'CBC', rest: tokens.slice(2) } : null;
    case 'NULL':
      return { cipher: 'NULL', bits: 0, mode: 'NONE', rest: tokens.slice(1) };
    default:
      return null;
  }
}

/** The key exchange part of an IANA name (before `_WITH_`), upper-cased. */
function kexOf(tokens: string[]): { keyExchange: KeyExchange; auth: string | null; export: boolean; anon: boolean } | null {
  const s = tokens.join('_');
  const anon = tokens.includes('ANON');
  const exp = tokens.some((x) => x.startsWith('EXPORT'));
  const known: [RegExp, KeyExchange][] = [
    [/^ECDHE_PSK(?:_|$)/, 'ECDHE_PSK'],
    [/^DHE_PSK(?:_|$)/, 'DHE_PSK'],
    [/^RSA_PSK(?:_|$)/, 'RSA_PSK'],
    [/^ECDHE_/, 'ECDHE'],
    [/^DHE_/, 'DHE'],
    [/^ECDH_ANON(?:_|$)/, 'ECDH_anon'],
    [/^DH_ANON(?:_|$)/, 'DH_anon'],
    [/^ECDH_/, 'ECDH'],
    [/^DH_/, 'DH'],
    [/^RSA(?:_|$)/, 'RSA'],
    [/^PSK$/, 'PSK'],
    [/^SRP_/, 'SRP'],
    [/^KRB5(?:_|$)/, 'KRB5'],
    [/^NULL$/, 'NULL'],
  ];
  const hit = known.find(([re]) => re.test(s));
  if (!hit) return null;
  const kx = hit[1];
  const auth = anon ? 'anon' : kx === 'RSA' || kx === 'RSA_PSK' ? 'RSA' : kx.endsWith('PSK') || kx === 'PSK' ? 'PSK' : (tokens.find((x) => x === 'RSA' || x === 'ECDSA' || x === 'DSS') ?? null);
  return { keyExchange: kx, auth, export: exp, anon };
}

function parseIana(upper: string, name: string): SuiteParts | null {
  const body = upper.replace(/^(TLS|SSL)_/, '');
  const withAt = body.indexOf('_WITH_');
  // TLS 1.3 suites have no key exchange part: it is always ephemeral (EC)DHE.
  const kex = withAt < 0 ? { keyExchange: 'TLS13' as const, auth: null, export: false, anon: false } : kexOf(body.slice(0, withAt).split('_'));
  const tail = (withAt < 0 ? body : body.slice(withAt + 6)).split('_');
  const c = cipherOf(tail);
  if (!kex || !c) return null;
  // AEAD suites may end without a hash (AES_128_CCM): their PRF is SHA-256.
  const hashToken = c.rest.join('_');
  const hash = hashToken === '' ? 'SHA-256' : HASH_TOKENS[hashToken];
  if (!hash) return null;
  return { name, ...kex, cipher: c.cipher, bits: c.bits, mode: c.mode, hash };
}

/** OpenSSL's names: prefixes for the key exchange, then cipher, then MAC. */
function parseOpenssl(upper: string, name: string): SuiteParts | null {
  const t = upper.split('-');
  let i = 0;
  let keyExchange: KeyExchange = 'RSA';
  let auth: string | null = 'RSA';
  let exp = false;
  if (t[i] === 'EXP') {
    exp = true;
    i++;
  }
  const prefixes: [string[], KeyExchange, string | null][] = [
    [['ECDHE', 'ECDSA'], 'ECDHE', 'ECDSA'],
    [['ECDHE', 'RSA'], 'ECDHE', 'RSA'],
    [['ECDHE', 'PSK'], 'ECDHE_PSK', 'PSK'],
    [['DHE', 'RSA'], 'DHE', 'RSA'],
    [['DHE', 'DSS'], 'DHE', 'DSS'],
    [['DHE', 'PSK'], 'DHE_PSK', 'PSK'],
    [['EDH', 'RSA'], 'DHE', 'RSA'],
    [['EDH', 'DSS'], 'DHE', 'DSS'],
    [['ECDH', 'ECDSA'], 'ECDH', 'ECDSA'],
    [['ECDH', 'RSA'], 'ECDH', 'RSA'],
    [['DH', 'RSA'], 'DH', 'RSA'],
    [['DH', 'DSS'], 'DH', 'DSS'],
    [['RSA', 'PSK'], 'RSA_PSK', 'RSA'],
    [['ADH'], 'DH_anon', 'anon'],
    [['AECDH'], 'ECDH_anon', 'anon'],
    [['PSK'], 'PSK', 'PSK'],
    [['SRP'], 'SRP', null],
  ];
  const p = prefixes.find(([toks]) => toks.every((x, k) => t[i + k] === x));
  if (p) {
    keyExchange = p[1];
    auth = p[2];
    i += p[0].length;
  }
  const rest = t.slice(i);
  let cipher: SymmetricAlgorithm;
  let bits: number;
  let mode: CipherMode;
  let j = 1;
  const head = rest[0] ?? '';
  const sized = /^(AES|CAMELLIA|ARIA)(128|256)$/.exec(head);
  if (sized) {
    cipher = sized[1] as SymmetricAlgorithm;
    bits = Number(sized[2]);
    const m = rest[1];
    if (m === 'GCM' || m === 'CCM' || m === 'CCM8') {
      mode = m === 'CCM8' ? 'CCM_8' : m;
      j = 2;
    } else mode = 'CBC';
  } else if (head === 'CHACHA20' && rest[1] === 'POLY1305') [cipher, bits, mode, j] = ['CHACHA20', 256, 'POLY1305', 2];
  else if (head === 'DES' && rest[1] === 'CBC3') [cipher, bits, mode, j] = ['3DES', 112, 'CBC', 2];
  else if (head === 'DES' && rest[1] === 'CBC') [cipher, bits, mode, j] = ['DES', exp ? 40 : 56, 'CBC', 2];
  else if (head === 'RC4') [cipher, bits, mode] = ['RC4', exp ? 40 : 128, 'STREAM'];
  else if (head === 'RC2' && rest[1] === 'CBC') [cipher, bits, mode, j] = ['RC2', exp ? 40 : 128, 'CBC', 2];
  else if (head === 'IDEA' && rest[1] === 'CBC') [cipher, bits, mode, j] = ['IDEA', 128, 'CBC', 2];
  else if (head === 'SEED') [cipher, bits, mode] = ['SEED', 128, 'CBC'];
  else if (head === 'NULL') [cipher, bits, mode] = ['NULL', 0, 'NONE'];
  else return null;
  const tail = rest.slice(j).join('-');
  const hash = tail === '' ? (mode === 'GCM' || mode === 'CCM' || mode === 'CCM_8' || mode === 'POLY1305' ? 'SHA-256' : null) : HASH_TOKENS[tail];
  if (!hash) return null;
  return { name, keyExchange, auth, cipher, bits, mode, hash, export: exp, anon: auth === 'anon' };
}

/** The parts of a cipher suite, or null for a name we cannot read (the evaluator then fails closed). */
export function parseSuite(raw: string): SuiteParts | null {
  const name = raw.trim();
  if (!name || name.length > 120) return null;
  const upper = name.toUpperCase();
  if (/^(TLS|SSL)_/.test(upper)) return parseIana(upper, name);
  if (/^[A-Z0-9-]+$/.test(upper)) return parseOpenssl(upper, name);
  return null;
}
