// Interested party pages: list with filters and CSV, detail with requirements and history, forms, delete.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, type FieldError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState } from '../../web/list.js';
import { compact, listQuery, postedRows, postedText, remapErrors, SPARE_ROWS } from './form-posts.js';
import { PARTY_SORTS, type NewParty, type PartyOut, type PartyPatch } from './parties-schema.js';
import * as parties from './parties-service.js';
import { PartiesListView, PartyDetailView, PartyForm, type PartyFormValues } from './parties-views.js';
import { PARTY_CATEGORIES, type PartyCategory } from './tables.js';

type C = Context<AppEnv>;

const readQuery = (c: C) => listQuery(c.req.url, { sortable: PARTY_SORTS, defaultSort: 'ref', filters: ['q', 'category'] }, { category: PARTY_CATEGORIES });
const filterOf = (f: Record<string, string>) => ({ q: f.q, category: f.category as PartyCategory | undefined });

async function listPage(c: C) {
  const q = readQuery(c);
  const { items, total } = await parties.listParties(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  return renderPage(
    c,
    { title: t('scope.parties.title'), active: 'scope' },
    <PartiesListView items={items} state={listState(q, total)} filters={q.filters} canWrite={can(c.get('auth')!.role, 'scope.write')} />,
  );
}

async function exportCsv(c: C) {
  const q = readQuery(c);
  return c.body(await parties.exportPartiesCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir }), 200, csvHeaders('interested-parties.csv'));
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const party = await parties.getParty(ctx, c.req.param('id')!);
  const role = c.get('auth')!.role;
  const history = can(role, 'audit.read') ? await parties.partyHistory(ctx, party.id) : null;
  return renderPage(
    c,
    { title: `${party.ref} ${party.name}`, active: 'scope' },
    <PartyDetailView party={party} history={history} canWrite={can(role, 'scope.write')} csrf={c.get('csrfToken')} timeZone={c.get('services').timeZone} />,
  );
}

const blankRow = () => ({ requirement: '', how_addressed: '', through_isms: 'yes' });
const withSpares = (rows: PartyFormValues['requirements']) => [...rows, ...Array.from({ length: SPARE_ROWS }, blankRow)];

const valuesOf = (p: PartyOut): PartyFormValues => ({
  name: p.name,
  category: p.category,
  description: p.description ?? '',
  requirements: withSpares(p.requirements.map((r) => ({ requirement: r.requirement, how_addressed: r.how_addressed ?? '', through_isms: r.through_isms ? 'yes' : 'no' }))),
});
const emptyForm = (): PartyFormValues => ({ name: '', category: 'customer', description: '', requirements: withSpares([]) });

function formPage(c: C, values: PartyFormValues, errors: FieldError[], party?: PartyOut, status: 200 | 400 | 409 = 200) {
  const title = party ? t('scope.parties.editTitle', { name: party.name }) : t('scope.parties.newTitle');
  return renderPage(c, { title, active: 'scope' }, <PartyForm {...(party ? { party } : {})} values={values} errors={errors} csrf={c.get('csrfToken')} />, status);
}

/** The posted form: blank requirement rows dropped; the rest re-rendered in order so errors keep their index. */
async function posted(c: C): Promise<{ values: PartyFormValues; input: NewParty }> {
  const body = await c.req.parseBody();
  const rows = postedRows(body, 'requirements', ['requirement', 'how_addressed', 'through_isms']).map((r) => ({
    requirement: r.requirement ?? '',
    how_addressed: r.how_addressed ?? '',
    through_isms: r.through_isms ?? '',
  }));
  const kept = compact(rows, (r) => r.requirement.trim() !== '' || r.how_addressed.trim() !== '').items;
  const values = { name: postedText(body, 'name'), category: postedText(body, 'category'), description: postedText(body, 'description'), requirements: kept };
  const input = {
    name: values.name,
    category: values.category,
    description: values.description,
    // Anything but yes or no is sent as it came, so the service names the field.
    requirements: kept.map((r) => ({ requirement: r.requirement, how_addressed: r.how_addressed, through_isms: r.through_isms === 'yes' ? true : r.through_isms === 'no' ? false : r.through_isms })),
  } as NewParty;
  return { values, input };
}

const formError = (e: unknown) => (isAppError(e) && (e.status === 400 || e.status === 409) && e.errors?.length ? e : null);
const shown = (values: PartyFormValues): PartyFormValues => ({ ...values, requirements: withSpares(values.requirements) });

async function createSubmit(c: C) {
  const { values, input } = await posted(c);
  try {
    const party = await parties.createParty(ctxOf(c), input);
    return c.redirect(`/scope/parties/${party.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, shown(values), remapErrors(fe.errors!, { rows: { requirements: { first: 'requirement' } } }), undefined, fe.status as 400 | 409);
  }
}

async function editSubmit(c: C) {
  const party = await parties.getParty(ctxOf(c), c.req.param('id')!);
  const { values, input } = await posted(c);
  try {
    await parties.updateParty(ctxOf(c), party.id, input as PartyPatch);
    return c.redirect(`/scope/parties/${party.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, shown(values), remapErrors(fe.errors!, { rows: { requirements: { first: 'requirement' } } }), party, fe.status as 400 | 409);
  }
}

export function registerPartyPages(app: Hono<AppEnv>): void {
  app.get('/scope/parties', guard('scope.read', listPage));
  app.get('/scope/parties/export.csv', guard('scope.read', exportCsv));
  app.get('/scope/parties/new', guard('scope.write', (c) => formPage(c, emptyForm(), [])));
  app.post('/scope/parties/new', guard('scope.write', createSubmit));
  app.get('/scope/parties/:id', guard('scope.read', detailPage));
  app.get(
    '/scope/parties/:id/edit',
    guard('scope.write', async (c) => {
      const party = await parties.getParty(ctxOf(c), c.req.param('id')!);
      return formPage(c, valuesOf(party), [], party);
    }),
  );
  app.post('/scope/parties/:id/edit', guard('scope.write', editSubmit));
  app.post(
    '/scope/parties/:id/delete',
    guard('scope.write', async (c) => {
      await parties.deleteParty(ctxOf(c), c.req.param('id')!);
      return c.redirect('/scope/parties', 303);
    }),
  );
}
