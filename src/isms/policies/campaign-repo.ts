// Acknowledgement campaign queries: campaigns, who they ask, acknowledgements and reminders.
import type { Insertable } from 'kysely';
import type { DB } from '../../db/index.js';
import type { AcknowledgementRow, CampaignRow, PolicyAcknowledgementsTable, PolicyCampaignsTable, PolicyRemindersTable, ReminderRow } from './tables.js';

export async function insertCampaign(db: DB, row: Insertable<PolicyCampaignsTable>, personIds: string[]): Promise<CampaignRow> {
  await db.insertInto('policy_campaigns').values(row).execute();
  for (let i = 0; i < personIds.length; i += 500) {
    await db
      .insertInto('policy_campaign_members')
      .values(personIds.slice(i, i + 500).map((person_id) => ({ campaign_id: row.id, person_id })))
      .execute();
  }
  return (await findCampaign(db, row.policy_id, row.id))!;
}

export const findCampaign = (db: DB, policyId: string, id: string): Promise<CampaignRow | undefined> =>
  db.selectFrom('policy_campaigns').selectAll().where('id', '=', id).where('policy_id', '=', policyId).executeTakeFirst();

/** A policy's campaigns, newest first. */
export const listCampaigns = (db: DB, policyId: string): Promise<CampaignRow[]> =>
  db.selectFrom('policy_campaigns').selectAll().where('policy_id', '=', policyId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();

/** Member person ids of each campaign. */
export async function membersOf(db: DB, campaignIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(campaignIds.map((id) => [id, []]));
  if (!campaignIds.length) return out;
  const rows = await db.selectFrom('policy_campaign_members').select(['campaign_id', 'person_id']).where('campaign_id', 'in', campaignIds).execute();
  for (const r of rows) out.get(r.campaign_id)!.push(r.person_id);
  return out;
}

/** When each person acknowledged each of these versions: version id → person id → time. */
export async function acknowledgementsOf(db: DB, versionIds: string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>(versionIds.map((id) => [id, new Map()]));
  if (!versionIds.length) return out;
  const rows = await db.selectFrom('policy_acknowledgements').select(['version_id', 'person_id', 'acknowledged_at']).where('version_id', 'in', versionIds).execute();
  for (const r of rows) out.get(r.version_id)!.set(r.person_id, r.acknowledged_at);
  return out;
}

export const findAcknowledgement = (db: DB, versionId: string, personId: string): Promise<AcknowledgementRow | undefined> =>
  db.selectFrom('policy_acknowledgements').selectAll().where('version_id', '=', versionId).where('person_id', '=', personId).executeTakeFirst();

export async function insertAcknowledgement(db: DB, row: Insertable<PolicyAcknowledgementsTable>): Promise<AcknowledgementRow> {
  await db.insertInto('policy_acknowledgements').values(row).execute();
  return (await findAcknowledgement(db, row.version_id, row.person_id))!;
}

export interface PendingRow {
  policy_id: string;
  version: number;
  due_date: string;
}

/**
 * What `personId` is asked to acknowledge and has not: campaigns naming them for the version that
 * is still published, one row per policy with the earliest due date.
 */
export async function pendingFor(db: DB, personId: string): Promise<PendingRow[]> {
  const rows = await db
    .selectFrom('policy_campaign_members as m')
    .innerJoin('policy_campaigns as c', 'c.id', 'm.campaign_id')
    .innerJoin('policies as p', 'p.id', 'c.policy_id')
    .where('m.person_id', '=', personId)
    .whereRef('c.version_number', '=', 'p.published_number')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('policy_acknowledgements as a').select('a.id').whereRef('a.version_id', '=', 'c.version_id').where('a.person_id', '=', personId))),
    )
    .select(['c.policy_id', 'c.version_number as version', (eb) => eb.fn.min<string>('c.due_date').as('due_date')])
    .groupBy(['c.policy_id', 'c.version_number'])
    .execute();
  return rows.map((r) => ({ policy_id: r.policy_id, version: Number(r.version), due_date: r.due_date }));
}

export const lastReminder = (db: DB, campaignId: string): Promise<ReminderRow | undefined> =>
  db.selectFrom('policy_reminders').selectAll().where('campaign_id', '=', campaignId).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();

/** The newest reminder time of each campaign. */
export async function lastReminderTimes(db: DB, campaignIds: string[]): Promise<Map<string, string>> {
  if (!campaignIds.length) return new Map();
  const rows = await db
    .selectFrom('policy_reminders')
    .select(['campaign_id', (eb) => eb.fn.max<string>('sent_at').as('at')])
    .where('campaign_id', 'in', campaignIds)
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, r.at]));
}

export const listReminders = (db: DB, campaignId: string): Promise<ReminderRow[]> =>
  db.selectFrom('policy_reminders').selectAll().where('campaign_id', '=', campaignId).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(100).execute();

export async function insertReminder(db: DB, row: Insertable<PolicyRemindersTable>): Promise<ReminderRow> {
  await db.insertInto('policy_reminders').values(row).execute();
  return (await db.selectFrom('policy_reminders').selectAll().where('id', '=', row.id).executeTakeFirst())!;
}

export async function finishReminder(db: DB, id: string, result: Pick<ReminderRow, 'delivered' | 'failed' | 'outcome'>): Promise<ReminderRow> {
  await db.updateTable('policy_reminders').set(result).where('id', '=', id).execute();
  return (await db.selectFrom('policy_reminders').selectAll().where('id', '=', id).executeTakeFirst())!;
}
