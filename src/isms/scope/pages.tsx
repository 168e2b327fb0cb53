// Scope pages: the overview at /scope and the statement's edit form; the lists register theirs here too.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { isAppError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { registerContextPages } from './context-pages.js';
import './messages.js';
import { objectivesSummary } from './objectives-service.js';
import { registerObjectivePages } from './objectives-pages.js';
import { OverviewView } from './overview-view.js';
import { registerPartyPages } from './parties-pages.js';
import type { ScopeInput, ScopeOut } from './schema.js';
import { getScope, saveScope, scopeCounts, scopeHistory } from './service.js';
import { compact, postedRows, postedText, remapErrors, SPARE_ROWS } from './form-posts.js';
import { LIST_FIELDS, StatementForm, type StatementFormValues } from './statement-form.js';

type C = Context<AppEnv>;

async function overviewPage(c: C) {
  const ctx = ctxOf(c);
  const role = c.get('auth')!.role;
  const scope = await getScope(ctx);
  const counts = await scopeCounts(ctx);
  const objectives = await objectivesSummary(ctx);
  const history = can(role, 'audit.read') && scope.version > 0 ? await scopeHistory(ctx, 10) : null;
  return renderPage(
    c,
    { title: t('scope.title'), active: 'scope' },
    <OverviewView
      scope={scope}
      counts={counts}
      objectives={objectives}
      history={history}
      canWrite={can(role, 'scope.write')}
      timeZone={c.get('services').timeZone}
      saved={c.req.query('saved') === '1'}
    />,
  );
}

const withSpares = <T,>(rows: T[], blank: T): T[] => [...rows, ...Array.from({ length: SPARE_ROWS }, () => ({ ...blank }))];

function valuesOf(s: ScopeOut): StatementFormValues {
  return {
    statement: s.statement,
    org_units: s.org_units.join('\n'),
    locations: s.locations.join('\n'),
    services: s.services.join('\n'),
    systems: s.systems.join('\n'),
    exclusions: withSpares(s.exclusions, { item: '', justification: '' }),
    interfaces: withSpares(s.interfaces, { party: '', kind: 'interface', description: '' }),
    last_reviewed: s.last_reviewed ?? '',
    next_review: s.next_review ?? '',
    expected_version: String(s.version),
  };
}

function formPage(c: C, values: StatementFormValues, errors: { field: string; message: string }[], conflict = false, status: 200 | 400 | 409 = 200) {
  return renderPage(c, { title: t('scope.form.title'), active: 'scope' }, <StatementForm values={values} errors={errors} csrf={c.get('csrfToken')} conflict={conflict} />, status);
}

async function editSubmit(c: C) {
  const body = await c.req.parseBody();
  const exclusions = postedRows(body, 'exclusions', ['item', 'justification']);
  const interfaces = postedRows(body, 'interfaces', ['party', 'kind', 'description']);
  const values: StatementFormValues = {
    statement: postedText(body, 'statement'),
    org_units: postedText(body, 'org_units'),
    locations: postedText(body, 'locations'),
    services: postedText(body, 'services'),
    systems: postedText(body, 'systems'),
    exclusions: exclusions.map((r) => ({ item: r.item ?? '', justification: r.justification ?? '' })),
    interfaces: interfaces.map((r) => ({ party: r.party ?? '', kind: r.kind ?? 'interface', description: r.description ?? '' })),
    last_reviewed: postedText(body, 'last_reviewed'),
    next_review: postedText(body, 'next_review'),
    expected_version: postedText(body, 'expected_version'),
  };
  // Blank lines and rows are dropped; each kept one remembers where it was, so errors land on it.
  const lists = Object.fromEntries(LIST_FIELDS.map((f) => [f, compact(values[f].split('\n').map((s) => s.trim()), (s) => s !== '')]));
  const exc = compact(values.exclusions, (r) => r.item.trim() !== '' || r.justification.trim() !== '');
  const ifs = compact(values.interfaces, (r) => r.party.trim() !== '' || r.description.trim() !== '');
  const version = /^\d{1,9}$/.test(values.expected_version) ? Number(values.expected_version) : undefined;
  const input: ScopeInput = {
    statement: values.statement,
    ...Object.fromEntries(LIST_FIELDS.map((f) => [f, lists[f]!.items])),
    exclusions: exc.items,
    interfaces: ifs.items as ScopeInput['interfaces'],
    last_reviewed: values.last_reviewed,
    next_review: values.next_review,
    ...(version !== undefined ? { expected_version: version } : {}),
  };
  const withRows = { ...values, exclusions: withSpares(exc.items, { item: '', justification: '' }), interfaces: withSpares(ifs.items, { party: '', kind: 'interface', description: '' }) };
  try {
    await saveScope(ctxOf(c), input);
    return c.redirect('/scope?saved=1', 303);
  } catch (e) {
    if (!isAppError(e) || (e.status !== 400 && e.status !== 409) || !e.errors?.length) throw e;
    const errors = remapErrors(e.errors, {
      lists: Object.fromEntries(LIST_FIELDS.map((f) => [f, lists[f]!.at])),
      rows: { exclusions: { first: 'item' }, interfaces: { first: 'party' } },
    });
    if (e.status === 409) {
      // Keep what was typed, and let the next save go over the version now stored.
      const current = await getScope(ctxOf(c));
      return formPage(c, { ...withRows, expected_version: String(current.version) }, errors, true, 409);
    }
    return formPage(c, withRows, errors, false, 400);
  }
}

export function registerScopePages(app: Hono<AppEnv>): void {
  app.get('/scope', guard('scope.read', overviewPage));
  app.get(
    '/scope/edit',
    guard('scope.write', async (c) => formPage(c, valuesOf(await getScope(ctxOf(c))), [])),
  );
  app.post('/scope/edit', guard('scope.write', editSubmit));
  registerContextPages(app);
  registerPartyPages(app);
  registerObjectivePages(app);
}
