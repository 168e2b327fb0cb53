// Version pages: the draft editor with preview, one version with approve and publish, the diff.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { isAppError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { flashOf, formError, roleOf } from './page-helpers.js';
import type { DraftInput, PolicyOut } from './schema.js';
import { approveVersion, createDraft, diffVersions, getPolicy, listVersions, previewDraft, publishVersion, readVersion, updateDraft } from './service.js';
import { DiffView, DraftEditor, VersionView } from './version-view.js';

type C = Context<AppEnv>;

const versionNumber = (c: C): number => {
  const raw = c.req.param('n') ?? '';
  return /^[0-9]{1,7}$/.test(raw) ? Number(raw) : 0;
};

async function versionPage(c: C) {
  const ctx = ctxOf(c);
  const role = roleOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const { version, html } = await readVersion(ctx, policy.id, versionNumber(c));
  return renderPage(
    c,
    { title: t('policies.version.title', { title: policy.title, n: version.number }), active: 'policies' },
    <VersionView
      policy={policy}
      version={version}
      html={html}
      can={{ write: can(role, 'policies.write'), approve: can(role, 'policies.approve'), drafts: can(role, 'policy_drafts.read') }}
      csrf={c.get('csrfToken')}
      timeZone={c.get('services').timeZone}
      flash={flashOf(c)}
    />,
  );
}

function editor(c: C, policy: PolicyOut, draftNumber: number | null, body: string, changeSummary: string, preview: string | null, errors: { field: string; message: string }[], status: 200 | 400 | 409 = 200) {
  const title = draftNumber === null ? t('policies.draft.newTitle', { title: policy.title }) : t('policies.draft.editTitle', { title: policy.title, n: draftNumber });
  return renderPage(
    c,
    { title, active: 'policies' },
    <DraftEditor policy={policy} draftNumber={draftNumber} body={body} changeSummary={changeSummary} preview={preview} errors={errors} csrf={c.get('csrfToken')} />,
    status,
  );
}

/** The open draft, or the published text as the start of a new draft. An approved version blocks editing. */
async function draftPage(c: C) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  if (policy.open_status === 'approved') return c.redirect(`/policies/${policy.id}/versions/${policy.open_version}`, 303);
  if (policy.open_status === 'draft' && policy.open_version !== null) {
    const { version } = await readVersion(ctx, policy.id, policy.open_version);
    return editor(c, policy, version.number, version.body, version.change_summary, null, []);
  }
  const start = policy.published_version === null ? '' : (await readVersion(ctx, policy.id, policy.published_version)).version.body;
  return editor(c, policy, null, start, '', null, []);
}

async function draftSubmit(c: C) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const form = await c.req.parseBody();
  const body = typeof form.body === 'string' ? form.body : '';
  const summary = typeof form.change_summary === 'string' ? form.change_summary : '';
  const draftNumber = policy.open_status === 'draft' ? policy.open_version : null;
  const input = { body, change_summary: summary } as DraftInput;
  try {
    if (form.intent === 'preview') return editor(c, policy, draftNumber, body, summary, previewDraft(ctx, input), []);
    const v = draftNumber === null ? await createDraft(ctx, policy.id, input) : await updateDraft(ctx, policy.id, draftNumber, input);
    return c.redirect(`/policies/${policy.id}/versions/${v.number}?done=saved`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return editor(c, policy, draftNumber, body, summary, null, fe.errors!, fe.status as 400 | 409);
  }
}

async function diffPage(c: C) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const numbers = (await listVersions(ctx, policy.id)).map((v) => v.number).sort((a, b) => a - b);
  const pick = (name: string, fallback: number | null) => {
    const n = Number(c.req.query(name));
    return numbers.includes(n) ? n : fallback;
  };
  const to = pick('to', numbers.at(-1) ?? null);
  const from = pick('from', to !== null && numbers.includes(to - 1) ? to - 1 : (numbers[0] ?? null));
  let diff = null;
  if (numbers.length > 1 && from !== null && to !== null && from !== to) {
    try {
      diff = await diffVersions(ctx, policy.id, to, from);
    } catch (e) {
      if (!isAppError(e) || e.status !== 404) throw e;
    }
  }
  return renderPage(c, { title: t('policies.diff.title', { title: policy.title }), active: 'policies' }, <DiffView policy={policy} versions={numbers} diff={diff} from={from} to={to} />);
}

export function registerVersionPages(app: Hono<AppEnv>): void {
  app.get('/policies/:id/draft', guard('policies.write', draftPage));
  app.post('/policies/:id/draft', guard('policies.write', draftSubmit));
  app.get('/policies/:id/diff', guard('policy_drafts.read', diffPage));
  app.get('/policies/:id/versions/:n', guard('policies.read', versionPage));
  app.post(
    '/policies/:id/versions/:n/approve',
    guard('policies.approve', async (c) => {
      const v = await approveVersion(ctxOf(c), c.req.param('id')!, versionNumber(c));
      return c.redirect(`/policies/${v.policy_id}/versions/${v.number}?done=approved`, 303);
    }),
  );
  app.post(
    '/policies/:id/versions/:n/publish',
    guard('policies.approve', async (c) => {
      const v = await publishVersion(ctxOf(c), c.req.param('id')!, versionNumber(c));
      return c.redirect(`/policies/${v.policy_id}?done=published`, 303);
    }),
  );
}
