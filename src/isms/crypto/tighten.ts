// The one rule of copies: an organisation's policy may only be stricter than the baseline it came
// from. Answers each loosening as a field error naming the rule and the field.
import type { FieldError } from '../../core/errors.js';
import { t } from '../../web/i18n.js';
import { severityRank, tlsRank, type Rule, type RuleOf } from './policy-schema.js';
import './messages.js';

const missingFrom = <T extends string>(wider: readonly T[], narrower: readonly T[]) => narrower.filter((x) => !wider.includes(x));
const notIn = <T extends string>(copy: readonly T[], base: readonly T[]) => base.filter((x) => !copy.includes(x));

/** Loosenings of one rule kind: `at` is the rule's field path prefix (`rules.3`). */
function kindLoosenings(b: Rule, c: Rule, at: string, id: string): FieldError[] {
  const out: FieldError[] = [];
  const err = (field: string, key: string, params: Record<string, string | number>) => out.push({ field: `${at}.${field}`, message: t(`crypto.loose.${key}`, { rule: id, ...params }) });
  switch (b.kind) {
    case 'protocol_min': {
      const x = c as RuleOf<'protocol_min'>;
      if (tlsRank(x.min) < tlsRank(b.min)) err('min', 'min', { value: x.min, base: b.min });
      break;
    }
    case 'protocol_offered': {
      const x = c as RuleOf<'protocol_offered'>;
      if (tlsRank(x.version) < tlsRank(b.version)) err('version', 'min', { value: x.version, base: b.version });
      break;
    }
    case 'key_exchange': {
      const extra = missingFrom(b.allow, (c as RuleOf<'key_exchange'>).allow);
      if (extra.length) err('allow', 'allowMore', { values: extra.join(', ') });
      break;
    }
    case 'key_size': {
      const x = c as RuleOf<'key_size'>;
      if (x.algorithm !== b.algorithm) err('algorithm', 'changed', { base: b.algorithm });
      if (x.min_bits < b.min_bits) err('min_bits', 'bits', { value: x.min_bits, base: b.min_bits });
      break;
    }
    case 'ec_curves': {
      const x = c as RuleOf<'ec_curves'>;
      const extra = missingFrom(b.allow, x.allow);
      if (extra.length) err('allow', 'allowMore', { values: extra.join(', ') });
      if (x.min_bits < b.min_bits) err('min_bits', 'bits', { value: x.min_bits, base: b.min_bits });
      break;
    }
    case 'symmetric': {
      const x = c as RuleOf<'symmetric'>;
      const extra = missingFrom(b.allow, x.allow);
      if (extra.length) err('allow', 'allowMore', { values: extra.join(', ') });
      const modes = missingFrom(b.modes, x.modes);
      if (modes.length) err('modes', 'allowMore', { values: modes.join(', ') });
      if (x.min_bits < b.min_bits) err('min_bits', 'bits', { value: x.min_bits, base: b.min_bits });
      break;
    }
    case 'hash': {
      const extra = missingFrom(b.allow, (c as RuleOf<'hash'>).allow);
      if (extra.length) err('allow', 'allowMore', { values: extra.join(', ') });
      break;
    }
    case 'deny': {
      const dropped = notIn((c as RuleOf<'deny'>).algorithms, b.algorithms);
      if (dropped.length) err('algorithms', 'denyLess', { values: dropped.join(', ') });
      break;
    }
    case 'certificate_wildcard': {
      if ((c as RuleOf<'certificate_wildcard'>).allowed && !b.allowed) err('allowed', 'wildcard', {});
      break;
    }
  }
  return out;
}

/**
 * Every way `copy` is looser than `baseline`: a baseline rule removed or changed in kind, a severity
 * lowered, a threshold lowered, an allow list widened or a deny list shortened. Rules the copy adds
 * can only add checks, so they are never a loosening.
 */
export function loosenings(baseline: Rule[], copy: Rule[]): FieldError[] {
  const out: FieldError[] = [];
  for (const b of baseline) {
    const i = copy.findIndex((c) => c.id === b.id);
    if (i < 0) {
      out.push({ field: 'rules', message: t('crypto.loose.removed', { rule: b.id }) });
      continue;
    }
    const c = copy[i]!;
    const at = `rules.${i}`;
    if (c.kind !== b.kind) {
      out.push({ field: `${at}.kind`, message: t('crypto.loose.kind', { rule: b.id, base: b.kind }) });
      continue;
    }
    if (severityRank(c.severity) < severityRank(b.severity)) out.push({ field: `${at}.severity`, message: t('crypto.loose.severity', { rule: b.id, value: c.severity, base: b.severity }) });
    out.push(...kindLoosenings(b, c, at, b.id));
  }
  return out;
}
