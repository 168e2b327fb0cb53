// The copy form and the rule editor of an organisation policy; values kept and errors shown beside
// each field after a failed post.
import { CsrfField, ErrorSummary, Field, PageHeader } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { CIPHER_MODES, CURVES, DENYABLE, HASHES, KEY_EXCHANGES, SEVERITIES, SYMMETRIC_ALGORITHMS, TLS_VERSIONS, type Rule } from './policy-schema.js';

type Err = { field: string; message: string };
const shown = (errors: Err[]) => errors.map((e) => ({ field: e.field, message: t(e.message) }));

export interface CopyValues {
  name: string;
  description: string;
  scope: string;
}

export function CopyForm({ from, values, errors, csrf }: { from: { id: string; name: string }; values: CopyValues; errors: Err[]; csrf: string }) {
  const list = shown(errors);
  const err = (f: string) => list.find((e) => e.field === f)?.message;
  return (
    <>
      <p class="eyebrow">
        <a href="/crypto">{t('crypto.title')}</a> › <a href={`/crypto/${from.id}`}>{from.name}</a>
      </p>
      <PageHeader title={t('crypto.copy.title', { name: from.name })} subtitle={t('crypto.copy.intro', { name: from.name })} />
      <ErrorSummary errors={list} />
      <form method="post" action={`/crypto/${from.id}/copy`} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label={t('crypto.field.name')} value={values.name} error={err('name')} hint={t('crypto.copy.nameHint')} required maxlength={200} autocomplete="off" />
        <Field name="scope" label={t('crypto.field.scope')} value={values.scope} error={err('scope')} hint={t('crypto.copy.scopeHint')} maxlength={200} />
        <TextArea name="description" label={t('crypto.field.description')} value={values.description} error={err('description')} />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('crypto.copy.submit')}
          </button>
          <a href={`/crypto/${from.id}`}>{t('crypto.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}

function TextArea({ name, label, value, error }: { name: string; label: string; value: string; error: string | undefined }) {
  const id = `f-${name}`;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={4} maxlength={4000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-err` : undefined}>
        {value}
      </textarea>
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The rule editor's raw values: strings as posted, lists as the ticked boxes. */
export interface RuleValues {
  severity: string;
  min?: string;
  version?: string;
  min_bits?: string;
  allow?: string[];
  modes?: string[];
  algorithms?: string[];
  allowed?: boolean;
}

export interface EditValues extends CopyValues {
  revision: string;
  rules: RuleValues[];
}

/** The editor's starting values from a stored rule. */
export function ruleValues(r: Rule): RuleValues {
  const v: RuleValues = { severity: r.severity };
  if (r.kind === 'protocol_min') v.min = r.min;
  if (r.kind === 'protocol_offered') v.version = r.version;
  if (r.kind === 'key_size' || r.kind === 'ec_curves' || r.kind === 'symmetric') v.min_bits = String(r.min_bits);
  if (r.kind === 'key_exchange' || r.kind === 'ec_curves' || r.kind === 'symmetric' || r.kind === 'hash') v.allow = [...r.allow];
  if (r.kind === 'symmetric') v.modes = [...r.modes];
  if (r.kind === 'deny') v.algorithms = [...r.algorithms];
  if (r.kind === 'certificate_wildcard') v.allowed = r.allowed;
  return v;
}

/** Posted fields are named `r<i>.<field>`; error fields are `rules.<i>.<field>`, and so are the input ids. */
const fid = (i: number, f: string) => `f-rules.${i}.${f}`;

function Select({ i, field, label, value, options, error }: { i: number; field: string; label: string; value: string | undefined; options: readonly string[]; error: string | undefined }) {
  const id = fid(i, field);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      <select id={id} name={`r${i}.${field}`} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-err` : undefined}>
        {options.map((o) => (
          <option value={o} selected={o === value}>
            {field === 'severity' ? t(`crypto.severity.${o}`) : o}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

function Checks({ i, field, legend, options, checked, error }: { i: number; field: string; legend: string; options: readonly string[]; checked: string[]; error: string | undefined }) {
  const id = fid(i, field);
  return (
    <fieldset id={id} class={error ? 'checks field--error' : 'checks'} aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={`r${i}.${field}`} value={o} checked={checked.includes(o)} /> <span class="mono">{o}</span>
        </label>
      ))}
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Bits({ i, value, error }: { i: number; value: string | undefined; error: string | undefined }) {
  const id = fid(i, 'min_bits');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{t('crypto.edit.minBits')}</label>
      <input id={id} name={`r${i}.min_bits`} type="text" inputmode="numeric" value={value ?? ''} maxlength={6} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-err` : undefined} />
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

function RuleFields({ i, rule, v, err, fromBaseline }: { i: number; rule: Rule; v: RuleValues; err: (f: string) => string | undefined; fromBaseline: boolean }) {
  const at = (f: string) => err(`rules.${i}.${f}`);
  const allowOptions = rule.kind === 'key_exchange' ? KEY_EXCHANGES : rule.kind === 'ec_curves' ? CURVES : rule.kind === 'symmetric' ? SYMMETRIC_ALGORITHMS : HASHES;
  return (
    <fieldset class="card rule-edit" id={`rule-${rule.id}`}>
      <legend>
        {rule.title} <span class="mono small">{rule.id}</span> <span class="muted small">({t(`crypto.kind.${rule.kind}`)}, {fromBaseline ? t('crypto.edit.fromBaseline') : t('crypto.edit.added')})</span>
      </legend>
      <Select i={i} field="severity" label={t('crypto.field.severity')} value={v.severity} options={SEVERITIES} error={at('severity')} />
      {rule.kind === 'protocol_min' && <Select i={i} field="min" label={t('crypto.edit.min')} value={v.min} options={TLS_VERSIONS} error={at('min')} />}
      {rule.kind === 'protocol_offered' && <Select i={i} field="version" label={t('crypto.edit.version')} value={v.version} options={TLS_VERSIONS} error={at('version')} />}
      {(rule.kind === 'key_exchange' || rule.kind === 'ec_curves' || rule.kind === 'symmetric' || rule.kind === 'hash') && (
        <Checks i={i} field="allow" legend={t('crypto.edit.allowed')} options={allowOptions} checked={v.allow ?? []} error={at('allow')} />
      )}
      {rule.kind === 'symmetric' && <Checks i={i} field="modes" legend={t('crypto.edit.modes')} options={CIPHER_MODES} checked={v.modes ?? []} error={at('modes')} />}
      {(rule.kind === 'key_size' || rule.kind === 'ec_curves' || rule.kind === 'symmetric') && <Bits i={i} value={v.min_bits} error={at('min_bits')} />}
      {rule.kind === 'deny' && <Checks i={i} field="algorithms" legend={t('crypto.edit.forbidden')} options={DENYABLE} checked={v.algorithms ?? []} error={at('algorithms')} />}
      {rule.kind === 'certificate_wildcard' && (
        <div class={at('allowed') ? 'field field--error' : 'field'}>
          <label class="check" for={fid(i, 'allowed')}>
            <input id={fid(i, 'allowed')} type="checkbox" name={`r${i}.allowed`} value="true" checked={v.allowed === true} /> {t('crypto.edit.wildcards')}
          </label>
          {at('allowed') && <p class="error">{at('allowed')}</p>}
        </div>
      )}
    </fieldset>
  );
}

export interface EditFormProps {
  policy: { id: string; name: string; revision: number };
  rules: Rule[];
  baselineRuleIds: ReadonlySet<string>;
  values: EditValues;
  errors: Err[];
  csrf: string;
}

export function EditForm({ policy, rules, baselineRuleIds, values, errors, csrf }: EditFormProps) {
  const list = shown(errors);
  const err = (f: string) => list.find((e) => e.field === f)?.message;
  return (
    <>
      <p class="eyebrow">
        <a href="/crypto">{t('crypto.title')}</a> › <a href={`/crypto/${policy.id}`}>{policy.name}</a>
      </p>
      <PageHeader title={t('crypto.edit.title', { name: policy.name })} subtitle={t('crypto.edit.intro', { next: policy.revision + 1 })} />
      <ErrorSummary errors={list} />
      <form method="post" action={`/crypto/${policy.id}/edit`} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="revision" value={values.revision} />
        <div class="card">
          <Field name="name" label={t('crypto.field.name')} value={values.name} error={err('name')} required maxlength={200} autocomplete="off" />
          <Field name="scope" label={t('crypto.field.scope')} value={values.scope} error={err('scope')} hint={t('crypto.copy.scopeHint')} maxlength={200} />
          <TextArea name="description" label={t('crypto.field.description')} value={values.description} error={err('description')} />
        </div>
        <div id="f-rules" class="stack">
          {err('rules') && <p class="error">{err('rules')}</p>}
          {rules.map((r, i) => (
            <RuleFields i={i} rule={r} v={values.rules[i] ?? ruleValues(r)} err={err} fromBaseline={baselineRuleIds.has(r.id)} />
          ))}
        </div>
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('crypto.form.save')}
          </button>
          <a href={`/crypto/${policy.id}`}>{t('crypto.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
