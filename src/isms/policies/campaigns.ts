// Acknowledgement campaigns: who must acknowledge a published version by when, who has, the
// caller's own acknowledgements, and email reminders (at most one a day per campaign).
import { authorize } from '../../auth/permissions.js';
import { actorUserId, type Ctx } from '../../core/context.js';
import { badRequest, conflict, forbidden, notFound, tooManyRequests, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import type { Mailer } from '../../mail/index.js';
import { policyReminderMessage } from '../../mail/messages.js';
import type { PersonOut } from '../people/schema.js';
import { mutateUnlessUnchanged, ownPerson, peopleByIds, peopleNotLeft, Unchanged } from '../people/service.js';
import * as crepo from './campaign-repo.js';
import * as repo from './repo.js';
import { campaignState, countStates, memberState, nextReminderFrom, REMINDER_GAP_MS, todayOf } from './rules.js';
import {
  CampaignInput,
  isRecordId,
  MSG,
  type AcknowledgementOut,
  type CampaignDetailOut,
  type CampaignOut,
  type MemberOut,
  type PendingOut,
  type ReminderOut,
} from './schema.js';
import { visiblePolicy } from './service.js';
import type { CampaignRow, PolicyRow, ReminderRow } from './tables.js';
import { actorIdentity } from './who.js';

function presentReminder(r: ReminderRow): ReminderOut {
  return { id: r.id, sent_at: r.sent_at, sent_by: r.sent_by_name, recipients: Number(r.recipients), delivered: Number(r.delivered), failed: Number(r.failed), outcome: r.outcome };
}

/** Who the audience names, each checked: nobody who has left, nobody unknown. */
async function audienceOf(ctx: Ctx, data: ReturnType<typeof CampaignInput.parse>): Promise<PersonOut[]> {
  if (data.audience === 'all') {
    const all = await peopleNotLeft(ctx);
    if (!all.length) throw badRequest('No one to ask.', [{ field: 'audience', message: MSG.nobodyActive }]);
    return all;
  }
  if (data.audience === 'department') {
    const dept = data.department?.trim() ?? '';
    if (!dept) throw badRequest('Choose a department.', [{ field: 'department', message: MSG.departmentRequired }]);
    const inDept = await peopleNotLeft(ctx, dept);
    if (!inDept.length) throw badRequest('No one to ask.', [{ field: 'department', message: MSG.departmentEmpty }]);
    return inDept;
  }
  const ids = data.person_ids ?? [];
  if (!ids.length) throw badRequest('Choose at least one person.', [{ field: 'person_ids', message: MSG.peopleRequired }]);
  const found = new Map((await peopleByIds(ctx, ids.filter(isRecordId).map((s) => s.toLowerCase()))).map((p) => [p.id, p]));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const p = isRecordId(id) ? found.get(id.toLowerCase()) : undefined;
    if (!p) errors.push({ field: `person_ids.${i}`, message: MSG.personMissing });
    else if (p.status === 'left') errors.push({ field: `person_ids.${i}`, message: MSG.personLeft });
  });
  if (errors.length) throw badRequest('Some of the chosen people cannot be asked.', errors);
  return [...found.values()];
}

/** Starts a campaign asking the audience to acknowledge the published version by the due date. */
export async function startCampaign(ctx: Ctx, policyId: string, input: CampaignInput): Promise<CampaignOut> {
  authorize(ctx.actor, 'policies.write');
  const data = parseOrThrow(CampaignInput, input, 'campaign');
  const policy = await visiblePolicy(ctx, policyId);
  const today = todayOf(ctx.clock);
  if (data.due_date < today) throw badRequest('The due date is in the past.', [{ field: 'due_date', message: MSG.dueInPast }]);
  if (policy.published_number === null) throw conflict('The policy has no published version to acknowledge yet.');
  const number = data.version ?? Number(policy.published_number);
  if (number !== Number(policy.published_number)) throw conflict(`Only the published version (${policy.published_number}) can be acknowledged.`, [{ field: 'version', message: MSG.versionNumber }]);
  const people = await audienceOf(ctx, data);
  const who = await actorIdentity(ctx);
  const id = newId();
  const row = await mutate(ctx, async (m) => {
    const p = (await repo.findPolicy(m.tx, policy.id))!;
    // Published again since we looked: the campaign would ask for a superseded text.
    if (Number(p.published_number) !== number) throw conflict('A newer version was published meanwhile; reload the policy.');
    const version = (await repo.findVersion(m.tx, p.id, number))!;
    const created = await crepo.insertCampaign(
      m.tx,
      {
        id,
        policy_id: p.id,
        version_id: version.id,
        version_number: number,
        audience: data.audience,
        department: data.audience === 'department' ? data.department!.trim() : null,
        due_date: data.due_date,
        created_at: m.now,
        created_by_id: who.id,
        created_by_name: who.name,
      },
      people.map((x) => x.id),
    );
    await m.record({
      action: 'policy.campaign',
      entityType: 'policy',
      entityId: p.id,
      after: { campaign_id: id, version: number, audience: created.audience, department: created.department, due_date: created.due_date, members: people.length },
    });
    return created;
  });
  return (await summarise(ctx, policy, [row]))[0]!;
}

interface Evaluated {
  campaign: CampaignRow;
  members: MemberOut[];
}

/** Each campaign's members with their computed states, from one look-up per kind of fact. */
async function evaluate(ctx: Ctx, rows: CampaignRow[]): Promise<Evaluated[]> {
  const members = await crepo.membersOf(ctx.db, rows.map((r) => r.id));
  const acks = await crepo.acknowledgementsOf(ctx.db, [...new Set(rows.map((r) => r.version_id))]);
  const people = new Map((await peopleByIds(ctx, [...new Set([...members.values()].flat())])).map((p) => [p.id, p]));
  const today = todayOf(ctx.clock);
  return rows.map((c) => ({
    campaign: c,
    members: members.get(c.id)!.flatMap((pid) => {
      const p = people.get(pid);
      if (!p) return [];
      const at = acks.get(c.version_id)?.get(pid) ?? null;
      return [{ person_id: pid, name: p.name, email: p.email, department: p.department, state: memberState(at, p.status, c.due_date, today), acknowledged_at: at }];
    }),
  }));
}

async function summarise(ctx: Ctx, policy: PolicyRow, rows: CampaignRow[]): Promise<(CampaignOut & { members: MemberOut[] })[]> {
  const evaluated = await evaluate(ctx, rows);
  const last = await crepo.lastReminderTimes(ctx.db, rows.map((r) => r.id));
  const today = todayOf(ctx.clock);
  const published = policy.published_number === null ? null : Number(policy.published_number);
  return evaluated.map(({ campaign: c, members }) => {
    const counts = countStates(members.map((m) => m.state));
    const lastAt = last.get(c.id) ?? null;
    return {
      id: c.id,
      policy_id: c.policy_id,
      version: Number(c.version_number),
      audience: c.audience,
      department: c.department,
      due_date: c.due_date,
      created_at: c.created_at,
      created_by: c.created_by_name,
      status: campaignState(Number(c.version_number), published, counts, c.due_date, today),
      counts,
      last_reminder_at: lastAt,
      next_reminder_from: nextReminderFrom(lastAt, ctx.clock.now()),
      members,
    };
  });
}

/** A policy's campaigns with their counts, newest first. */
export async function listCampaigns(ctx: Ctx, policyId: string): Promise<CampaignOut[]> {
  authorize(ctx.actor, 'policy_drafts.read');
  const policy = await visiblePolicy(ctx, policyId);
  const rows = await crepo.listCampaigns(ctx.db, policy.id);
  return (await summarise(ctx, policy, rows)).map(({ members: _members, ...c }) => c);
}

/** One campaign with everyone's state (overdue and pending first) and its reminders. */
export async function campaignDetail(ctx: Ctx, policyId: string, campaignId: string): Promise<CampaignDetailOut> {
  authorize(ctx.actor, 'policy_drafts.read');
  const policy = await visiblePolicy(ctx, policyId);
  const row = isRecordId(campaignId) ? await crepo.findCampaign(ctx.db, policy.id, campaignId.toLowerCase()) : undefined;
  if (!row) throw notFound('The campaign');
  const [c] = await summarise(ctx, policy, [row]);
  const order = { overdue: 0, pending: 1, acknowledged: 2, left: 3 } as const;
  const members = c!.members.sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name));
  const reminders = (await crepo.listReminders(ctx.db, row.id)).map(presentReminder);
  return { ...c!, members, reminders };
}

export interface RemindOptions {
  mailer: Mailer | null | undefined;
  /** The site's origin, for the link in the message. */
  baseUrl: string;
  organisation: string;
}

/**
 * Emails everyone still pending (or overdue) a reminder. At most one reminder a day per campaign.
 * The reminder is recorded before anything is sent, so two clicks cannot both send; the outcome
 * is recorded when sending ends. Without mail configured the reminder is recorded, nobody emailed.
 */
export async function remindCampaign(ctx: Ctx, policyId: string, campaignId: string, opts: RemindOptions): Promise<ReminderOut> {
  authorize(ctx.actor, 'policies.write');
  const detail = await campaignDetail(ctx, policyId, campaignId);
  if (detail.status === 'superseded') throw conflict(MSG.campaignSuperseded);
  const due = detail.members.filter((m) => m.state === 'pending' || m.state === 'overdue');
  if (!due.length) throw conflict(MSG.nobodyToRemind);
  const policy = await visiblePolicy(ctx, policyId);
  const who = await actorIdentity(ctx);
  const mailer = opts.mailer ?? null;
  const reminderId = newId();
  const reminder = await mutate(ctx, async (m) => {
    // Recorded first: on PostgreSQL the audit lock then serialises two reminders for the same moment.
    await m.record({ action: 'policy.remind', entityType: 'policy', entityId: policy.id, after: { campaign_id: detail.id, reminder_id: reminderId, recipients: due.length, mail: mailer ? 'configured' : 'not_configured' } });
    const last = await crepo.lastReminder(m.tx, detail.id);
    if (last) {
      const wait = Date.parse(last.sent_at) + REMINDER_GAP_MS - Date.parse(m.now);
      if (wait > 0) throw tooManyRequests(Math.ceil(wait / 1000));
    }
    return crepo.insertReminder(m.tx, {
      id: reminderId,
      campaign_id: detail.id,
      sent_at: m.now,
      sent_by_id: who.id,
      sent_by_name: who.name,
      recipients: due.length,
      delivered: 0,
      failed: 0,
      outcome: mailer ? 'sending' : 'not_configured',
    });
  });
  if (!mailer) return presentReminder(reminder);

  let delivered = 0;
  for (const person of due) {
    const message = policyReminderMessage({
      to: person.email,
      name: person.name,
      organisation: opts.organisation,
      ref: policy.ref,
      title: policy.title,
      version: detail.version,
      dueDate: detail.due_date,
      overdue: person.state === 'overdue',
      link: `${opts.baseUrl}/policies/${policy.id}`,
    });
    try {
      await mailer.send(message);
      delivered++;
    } catch (e) {
      // The address is personal data and the server's reply may echo it: log the reason's kind only.
      ctx.log?.warn({ reminder: reminder.id, code: (e as { code?: string }).code ?? 'unknown' }, 'policy reminder: a message was not accepted');
    }
  }
  const failed = due.length - delivered;
  const outcome = failed === 0 ? 'sent' : delivered === 0 ? 'failed' : 'partly_failed';
  const finished = await mutate(ctx, async (m) => {
    const row = await crepo.finishReminder(m.tx, reminder.id, { delivered, failed, outcome });
    await m.record({ action: 'policy.remind_result', entityType: 'policy', entityId: policy.id, after: { campaign_id: detail.id, reminder_id: row.id, delivered, failed, outcome } });
    return row;
  });
  return presentReminder(finished);
}

/**
 * The caller acknowledges the published version. The caller is matched to a person in the
 * directory by their account's email; acknowledging again changes nothing.
 */
export async function acknowledgePolicy(ctx: Ctx, policyId: string): Promise<AcknowledgementOut> {
  authorize(ctx.actor, 'policies.acknowledge');
  const policy = await visiblePolicy(ctx, policyId);
  if (policy.published_number === null) throw conflict('The policy has no published version to acknowledge yet.');
  const person = await ownPerson(ctx);
  if (!person) throw conflict('Your account’s email is not in the people directory, so there is no one to record the acknowledgement for. Ask a security officer to add you.');
  return recordAck(ctx, policy, person.id, actorUserId(ctx.actor));
}

/**
 * Records acknowledgements given outside Kilpi (the demo's history: people without accounts) in one
 * transaction, each with the time it was given. The system only; people already recorded are skipped.
 */
export async function recordAcknowledgementsFor(ctx: Ctx, policyId: string, entries: { personId: string; at: string }[]): Promise<number> {
  if (ctx.actor?.type !== 'system') throw forbidden('Only the system records acknowledgements for others.');
  const policy = isRecordId(policyId) ? await repo.findPolicy(ctx.db, policyId) : undefined;
  if (!policy || policy.published_number === null) throw conflict('The policy has no published version.');
  const number = Number(policy.published_number);
  const version = (await repo.findVersion(ctx.db, policy.id, number))!;
  return mutateUnlessUnchanged(ctx, async (m) => {
    let recorded = 0;
    for (const e of entries) {
      if (await crepo.findAcknowledgement(m.tx, version.id, e.personId)) continue;
      const id = newId();
      await crepo.insertAcknowledgement(m.tx, { id, policy_id: policy.id, version_id: version.id, person_id: e.personId, acknowledged_at: e.at, user_id: null, recorded_by: ctx.actor!.label });
      await m.record({ action: 'policy.acknowledge', entityType: 'policy_acknowledgement', entityId: id, after: { policy_id: policy.id, ref: policy.ref, version: number, person_id: e.personId, acknowledged_at: e.at } });
      recorded++;
    }
    return recorded ? recorded : new Unchanged(0);
  });
}

async function recordAck(ctx: Ctx, policy: PolicyRow, personId: string, userId: string | null): Promise<AcknowledgementOut> {
  const number = Number(policy.published_number);
  const version = (await repo.findVersion(ctx.db, policy.id, number))!;
  const out = (at: string): AcknowledgementOut => ({ policy_id: policy.id, version: number, person_id: personId, acknowledged_at: at });
  return mutateUnlessUnchanged(ctx, async (m) => {
    const existing = await crepo.findAcknowledgement(m.tx, version.id, personId);
    if (existing) return new Unchanged(out(existing.acknowledged_at));
    const id = newId();
    await crepo.insertAcknowledgement(m.tx, { id, policy_id: policy.id, version_id: version.id, person_id: personId, acknowledged_at: m.now, user_id: userId, recorded_by: ctx.actor!.label });
    await m.record({ action: 'policy.acknowledge', entityType: 'policy_acknowledgement', entityId: id, after: { policy_id: policy.id, ref: policy.ref, version: number, person_id: personId } });
    return out(m.now);
  });
}

/** What the caller has been asked to acknowledge and has not, soonest due first. */
export async function myPending(ctx: Ctx): Promise<{ person_id: string | null; items: PendingOut[] }> {
  authorize(ctx.actor, 'policies.read');
  const person = await ownPerson(ctx);
  if (!person) return { person_id: null, items: [] };
  const rows = await crepo.pendingFor(ctx.db, person.id);
  const policies = new Map((await repo.policiesByIds(ctx.db, rows.map((r) => r.policy_id))).map((p) => [p.id, p]));
  const today = todayOf(ctx.clock);
  const items = rows
    .flatMap((r) => {
      const p = policies.get(r.policy_id);
      return p ? [{ policy_id: p.id, ref: p.ref, title: p.title, version: r.version, due_date: r.due_date, overdue: r.due_date < today }] : [];
    })
    .sort((a, b) => a.due_date.localeCompare(b.due_date) || a.ref.localeCompare(b.ref));
  return { person_id: person.id, items };
}

/** The caller's acknowledgement of the published version, for the policy page. */
export async function myAcknowledgement(ctx: Ctx, policyId: string): Promise<{ person: boolean; acknowledged_at: string | null }> {
  const policy = await visiblePolicy(ctx, policyId);
  const person = await ownPerson(ctx);
  if (!person || policy.published_number === null) return { person: !!person, acknowledged_at: null };
  const version = await repo.findVersion(ctx.db, policy.id, Number(policy.published_number));
  const ack = version ? await crepo.findAcknowledgement(ctx.db, version.id, person.id) : undefined;
  return { person: true, acknowledged_at: ack?.acknowledged_at ?? null };
}
