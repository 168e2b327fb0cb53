// Controls: the area's own tables, beyond the shared ISMS core in ../tables.ts.
import type { Selectable } from 'kysely';

/** One recorded review of a control: who looked at it, on which day, and what they noted. */
export interface ControlReviewsTable {
  id: string;
  control_id: string;
  /** YYYY-MM-DD in the organisation's time zone. */
  reviewed_on: string;
  /** The person who reviewed; null once they are removed from the directory. */
  reviewer_id: string | null;
  note: string | null;
  /** The label of the actor who recorded the review (a user's email, a token, the system). */
  recorded_by: string;
  created_at: string;
}

export type ControlReviewRow = Selectable<ControlReviewsTable>;

export interface ControlsTables {
  control_reviews: ControlReviewsTable;
}
