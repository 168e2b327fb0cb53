// People directory queries. Only this file builds SQL for the `people` table.
import type { Selectable } from 'kysely';

export const PERSON_STATUSES = ['active', 'leaving', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PeopleTable {
  id: string;
  name: string;
  /** Lower-cased; unique. */
  email: string;
  title: string | null;
  department: string | null;
  manager_id: string | null;
  status: PersonStatus;
  /** ISO dates (YYYY-MM-DD). */
  start_date: string | null;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

export type PersonRow = Selectable<PeopleTable>;

export interface PeopleTables {
  people: PeopleTable;
}
