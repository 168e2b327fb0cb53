// The evaluator: a pure function that checks an observed TLS and crypto configuration against a
// policy's rules and answers one finding per rule, with what was observed. Scanners feed it later.
import { z } from 'zod';
import { parseSuite, type SuiteParts } from './cipher-suites.js';
import {
  CURVE_BITS,
  HASHES,
  TLS_VERSIONS,
  tlsRank,
  type Curve,
  type Denyable,
  type Hash,
  type PolicySource,
  type Rule,
  type RuleOf,
  type Severity,
} from './policy-schema.js';

const name = z.string().trim().min(1).max(120);

/** What a scan saw. Every part is optional: a rule whose facts are missing is `not_assessed`. */
export const ObservedConfig = z.strictObject({
  /** What was scanned, e.g. `api.example.com:443`. */
  target: z.string().trim().max(200).optional(),
  /** Protocol versions the endpoint offers. */
  protocols: z.array(z.enum(TLS_VERSIONS)).max(10).optional(),
  /** Offered cipher suites, IANA (`TLS_AES_128_GCM_SHA256`) or OpenSSL (`ECDHE-RSA-AES128-GCM-SHA256`) names. */
  cipher_suites: z.array(name).max(400).optional(),
  /** Offered key exchange groups: `secp256r1` (or `P-256`, `prime256v1`), `x25519`, `ffdhe3072` … */
  groups: z.array(name).max(100).optional(),
  /** Size of the finite-field DH parameters the endpoint uses for DHE suites. */
  dh_bits: z.number().int().min(1).max(65536).optional(),
  certificate: z
    .strictObject({
      key_type: z.enum(['RSA', 'EC', 'DSA', 'Ed25519', 'Ed448']),
      key_bits: z.number().int().min(1).max(65536),
      /** For EC keys: the named curve. */
      curve: name.optional(),
      /** The hash of the certificate's signature, e.g. `SHA-256`. */
      signature_hash: name.optional(),
      /** Subject alternative names (DNS names). */
      san: z.array(z.string().trim().max(300)).max(1000).optional(),
      subject_cn: z.string().trim().max(300).optional(),
    })
    .optional(),
  /** Other symmetric uses outside TLS (disk, backups, tokens): algorithm, key size and mode. */
  symmetric: z
    .array(z.strictObject({ use: z.string().trim().max(120).optional(), algorithm: name, bits: z.number().int().min(0).max(65536), mode: name }))
    .max(100)
    .optional(),
});
export type ObservedConfig = z.infer<typeof ObservedConfig>;

export const FINDING_STATUSES = ['pass', 'fail', 'not_applicable', 'not_assessed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface Finding {
  rule_id: string;
  kind: Rule['kind'];
  title: string;
  severity: Severity;
  source: { document: string; title: string | null; url: string | null; section: string | null };
  status: FindingStatus;
  /** What the configuration showed that the rule judged: offenders when failing, the facts when passing. */
  observed: string[];
}

export interface Evaluation {
  target: string | null;
  /** fail: an error-level rule fails; warn: a warning-level one does (and no error); pass: otherwise, info findings being advice. */
  outcome: 'pass' | 'warn' | 'fail';
  counts: Record<FindingStatus, number> & { errors: number; warnings: number; infos: number };
  findings: Finding[];
}

const CURVE_ALIASES: Record<string, Curve> = {
  'p-192': 'secp192r1',
  prime192v1: 'secp192r1',
  'p-224': 'secp224r1',
  'p-256': 'secp256r1',
  prime256v1: 'secp256r1',
  'p-384': 'secp384r1',
  'p-521': 'secp521r1',
  brainpoolp256r1tls13: 'brainpoolP256r1',
  brainpoolp384r1tls13: 'brainpoolP384r1',
  brainpoolp512r1tls13: 'brainpoolP512r1',
  curve25519: 'x25519',
  curve448: 'x448',
};

/** A group or curve name in our vocabulary, or null for one we do not know (e.g. a hybrid PQ group). */
export function normaliseCurve(raw: string): Curve | null {
  const s = raw.trim();
  const exact = (Object.keys(CURVE_BITS) as Curve[]).find((c) => c.toLowerCase() === s.toLowerCase());
  return exact ?? CURVE_ALIASES[s.toLowerCase()] ?? null;
}

const ffdheBits = (g: string): number | null => {
  const m = /^ffdhe(\d{4})$/i.exec(g.trim());
  return m ? Number(m[1]) : null;
};

function normaliseHash(raw: string): Hash | null {
  const s = raw.trim().toUpperCase().replace(/^SHA(\d)/, 'SHA-$1').replace(/^SHA-?1$/, 'SHA-1');
  const hit = HASHES.find((h) => h === s);
  return hit ?? (s === 'SHA1' ? 'SHA-1' : null);
}

/** Facts derived once from the observation and shared by every rule. */
interface Facts {
  obs: ObservedConfig;
  suites: SuiteParts[];
  unreadable: string[];
}

type Judged = { status: FindingStatus; observed: string[] };
const pass = (observed: string[] = []): Judged => ({ status: 'pass', observed });
const fail = (observed: string[]): Judged => ({ status: 'fail', observed });
const notAssessed = (what: string): Judged => ({ status: 'not_assessed', observed: [`not observed: ${what}`] });
const notApplicable = (why: string): Judged => ({ status: 'not_applicable', observed: [why] });
const judge = (offenders: string[], facts: string[]): Judged => (offenders.length ? fail(offenders) : pass(facts));

function protocolMin(r: RuleOf<'protocol_min'>, f: Facts): Judged {
  const p = f.obs.protocols;
  if (!p) return notAssessed('protocol versions');
  if (!p.length) return notApplicable('no protocol versions offered');
  return judge(
    p.filter((v) => tlsRank(v) < tlsRank(r.min)),
    p,
  );
}

function protocolOffered(r: RuleOf<'protocol_offered'>, f: Facts): Judged {
  const p = f.obs.protocols;
  if (!p) return notAssessed('protocol versions');
  return p.includes(r.version) ? pass([r.version]) : fail([`${r.version} not offered (offered: ${p.join(', ') || 'none'})`]);
}

/** Suites the rule needs but could not read: a security check fails closed on them. */
const unreadable = (f: Facts) => f.unreadable.map((s) => `unrecognised suite ${s}`);

function keyExchange(r: RuleOf<'key_exchange'>, f: Facts): Judged {
  if (!f.obs.cipher_suites) return notAssessed('cipher suites');
  const bad = f.suites.filter((s) => !r.allow.includes(s.keyExchange)).map((s) => `${s.name} (${s.keyExchange})`);
  return judge([...bad, ...unreadable(f)], [...new Set(f.suites.map((s) => s.keyExchange))]);
}

function keySize(r: RuleOf<'key_size'>, f: Facts): Judged {
  if (r.algorithm === 'RSA') {
    const c = f.obs.certificate;
    if (!c) return notAssessed('certificate');
    if (c.key_type !== 'RSA') return notApplicable(`certificate key is ${c.key_type}`);
    return c.key_bits < r.min_bits ? fail([`RSA ${c.key_bits} bits`]) : pass([`RSA ${c.key_bits} bits`]);
  }
  // DH: the parameters behind DHE suites, and any ffdhe groups offered.
  const groups = (f.obs.groups ?? []).map((g) => ({ g, bits: ffdheBits(g) })).filter((x) => x.bits !== null) as { g: string; bits: number }[];
  const usesDhe = f.suites.some((s) => s.keyExchange === 'DHE' || s.keyExchange === 'DH' || s.keyExchange === 'DHE_PSK' || s.keyExchange === 'DH_anon');
  const facts: { what: string; bits: number }[] = groups.map((x) => ({ what: `${x.g} (${x.bits} bits)`, bits: x.bits }));
  if (usesDhe && f.obs.dh_bits !== undefined) facts.push({ what: `DHE parameters ${f.obs.dh_bits} bits`, bits: f.obs.dh_bits });
  if (!facts.length) {
    if (usesDhe) return notAssessed('DH parameter size');
    if (!f.obs.cipher_suites && !f.obs.groups) return notAssessed('cipher suites and groups');
    return notApplicable('no finite-field DH in use');
  }
  return judge(
    facts.filter((x) => x.bits < r.min_bits).map((x) => x.what),
    facts.map((x) => x.what),
  );
}

function ecCurves(r: RuleOf<'ec_curves'>, f: Facts): Judged {
  const seen: string[] = [];
  const bad: string[] = [];
  const check = (raw: string, where: string) => {
    const c = normaliseCurve(raw);
    seen.push(`${where} ${raw}`);
    if (!c) bad.push(`${where} ${raw} (not a curve this policy knows)`);
    else if (!r.allow.includes(c)) bad.push(`${where} ${raw} (not allowed)`);
    else if (CURVE_BITS[c] < r.min_bits) bad.push(`${where} ${raw} (${CURVE_BITS[c]} bits)`);
  };
  for (const g of f.obs.groups ?? []) if (ffdheBits(g) === null) check(g, 'group');
  const cert = f.obs.certificate;
  if (cert?.key_type === 'EC') {
    if (cert.curve) check(cert.curve, 'certificate curve');
    else bad.push('certificate curve not observed');
  }
  // ECDHE suites use some curve: without the groups offered, the rule cannot say which.
  const usesEc = f.suites.some((s) => s.keyExchange === 'ECDHE' || s.keyExchange === 'ECDH' || s.keyExchange === 'ECDHE_PSK' || s.keyExchange === 'ECDH_anon' || s.keyExchange === 'TLS13');
  if (!f.obs.groups && usesEc && !bad.length) return notAssessed('key exchange groups');
  if (!seen.length && !bad.length) return f.obs.groups || cert ? notApplicable('no elliptic curves in use') : notAssessed('groups and certificate');
  return judge(bad, seen);
}

function symmetric(r: RuleOf<'symmetric'>, f: Facts): Judged {
  const uses = [
    ...f.suites.map((s) => ({ what: s.name, algorithm: s.cipher as string, bits: s.bits, mode: s.mode as string })),
    ...(f.obs.symmetric ?? []).map((s) => ({ what: `${s.use ?? 'symmetric'}: ${s.algorithm}-${s.bits}-${s.mode}`, algorithm: s.algorithm.toUpperCase(), bits: s.bits, mode: s.mode.toUpperCase() })),
  ];
  if (!f.obs.cipher_suites && !f.obs.symmetric) return notAssessed('cipher suites or symmetric uses');
  const bad = uses
    .filter((u) => !(r.allow as readonly string[]).includes(u.algorithm) || u.bits < r.min_bits || !(r.modes as readonly string[]).includes(u.mode))
    .map((u) => `${u.what} (${u.algorithm} ${u.bits} ${u.mode})`);
  return judge([...bad, ...unreadable(f)], uses.map((u) => `${u.algorithm} ${u.bits} ${u.mode}`).filter((x, i, a) => a.indexOf(x) === i));
}

function hash(r: RuleOf<'hash'>, f: Facts): Judged {
  const uses: { what: string; h: Hash | null; raw: string }[] = f.suites.map((s) => ({ what: s.name, h: s.hash, raw: s.hash }));
  const sig = f.obs.certificate?.signature_hash;
  if (sig) uses.push({ what: 'certificate signature', h: normaliseHash(sig), raw: sig });
  if (!f.obs.cipher_suites && !sig) return notAssessed('cipher suites or certificate signature');
  const bad = uses.filter((u) => !u.h || !r.allow.includes(u.h)).map((u) => `${u.what} (${u.raw})`);
  return judge([...bad, ...unreadable(f)], [...new Set(uses.map((u) => u.h ?? u.raw))]);
}

function deny(r: RuleOf<'deny'>, f: Facts): Judged {
  const has = (a: Denyable, s: SuiteParts): boolean =>
    a === 'EXPORT' ? s.export : a === 'anon' ? s.anon : a === 'MD5' || a === 'SHA-1' ? s.hash === a : s.cipher === a;
  const hits: string[] = [];
  for (const s of f.suites) {
    const named = r.algorithms.filter((a) => has(a, s));
    if (named.length) hits.push(`${s.name} (${named.join(', ')})`);
  }
  const sig = f.obs.certificate?.signature_hash;
  const sigHash = sig ? normaliseHash(sig) : null;
  if (sigHash && (r.algorithms as readonly string[]).includes(sigHash)) hits.push(`certificate signature (${sigHash})`);
  for (const s of f.obs.symmetric ?? []) {
    const a = s.algorithm.toUpperCase();
    if ((r.algorithms as readonly string[]).includes(a)) hits.push(`${s.use ?? 'symmetric'} (${a})`);
  }
  if (!f.obs.cipher_suites && !sig && !f.obs.symmetric) return notAssessed('cipher suites, certificate signature or symmetric uses');
  return judge([...hits, ...unreadable(f)], []);
}

function wildcard(r: RuleOf<'certificate_wildcard'>, f: Facts): Judged {
  const c = f.obs.certificate;
  if (!c) return notAssessed('certificate');
  if (!c.san && !c.subject_cn) return notAssessed('certificate names');
  const names = [...(c.san ?? []), ...(c.subject_cn ? [c.subject_cn] : [])];
  const wild = [...new Set(names.filter((n) => n.includes('*')))];
  return r.allowed ? pass(wild) : judge(wild, names.slice(0, 20));
}

function judgeRule(r: Rule, f: Facts): Judged {
  switch (r.kind) {
    case 'protocol_min':
      return protocolMin(r, f);
    case 'protocol_offered':
      return protocolOffered(r, f);
    case 'key_exchange':
      return keyExchange(r, f);
    case 'key_size':
      return keySize(r, f);
    case 'ec_curves':
      return ecCurves(r, f);
    case 'symmetric':
      return symmetric(r, f);
    case 'hash':
      return hash(r, f);
    case 'deny':
      return deny(r, f);
    case 'certificate_wildcard':
      return wildcard(r, f);
  }
}

/** Checks `observed` against every rule; the same inputs always give the same findings. */
export function evaluate(policy: { rules: Rule[]; sources?: PolicySource[] }, observed: ObservedConfig): Evaluation {
  const suites: SuiteParts[] = [];
  const unread: string[] = [];
  for (const s of observed.cipher_suites ?? []) {
    const p = parseSuite(s);
    if (p) suites.push(p);
    else unread.push(s);
  }
  const facts: Facts = { obs: observed, suites, unreadable: unread };
  const sources = new Map((policy.sources ?? []).map((s) => [s.id, s]));
  const findings = policy.rules.map((r): Finding => {
    const j = judgeRule(r, facts);
    const src = sources.get(r.source.document);
    return {
      rule_id: r.id,
      kind: r.kind,
      title: r.title,
      severity: r.severity,
      source: { document: r.source.document, title: src?.title ?? null, url: src?.url ?? null, section: r.source.section ?? null },
      status: j.status,
      observed: j.observed,
    };
  });
  const failing = findings.filter((x) => x.status === 'fail');
  const count = (s: FindingStatus) => findings.filter((x) => x.status === s).length;
  return {
    target: observed.target ?? null,
    outcome: failing.some((x) => x.severity === 'error') ? 'fail' : failing.some((x) => x.severity === 'warning') ? 'warn' : 'pass',
    counts: {
      pass: count('pass'),
      fail: failing.length,
      not_applicable: count('not_applicable'),
      not_assessed: count('not_assessed'),
      errors: failing.filter((x) => x.severity === 'error').length,
      warnings: failing.filter((x) => x.severity === 'warning').length,
      infos: failing.filter((x) => x.severity === 'info').length,
    },
    findings,
  };
}
