// The people directory's invariants, shared by single edits and the CSV import.
import type { Clock } from '../../core/clock.js';
import type { FieldError } from '../../core/errors.js';
import type { PersonStatus } from './repo.js';
import { MSG } from './schema.js';

/** Today's date (YYYY-MM-DD) in the organisation's time zone: a person leaves on a local date. */
export function todayIn(clock: Clock, timeZone = 'Europe/Helsinki'): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}

export interface Employment {
  status: PersonStatus;
  start_date: string | null;
  end_date: string | null;
}

/**
 * Employment rules: leaving and left need an end date, a left person's end date is not in the
 * future, and no one ends before they start. ISO dates compare correctly as strings.
 */
export function employmentErrors(p: Employment, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (p.status === 'leaving' && !p.end_date) errors.push({ field: 'end_date', message: MSG.leavingNeedsEnd });
  if (p.status === 'left' && !p.end_date) errors.push({ field: 'end_date', message: MSG.leftNeedsEnd });
  if (p.status === 'left' && p.end_date && p.end_date > today) errors.push({ field: 'end_date', message: MSG.leftEndFuture });
  if (p.start_date && p.end_date && p.end_date < p.start_date) errors.push({ field: 'end_date', message: MSG.endBeforeStart });
  return errors;
}

/** Derives a status from the end date when none was given (the CSV's blank status cell). */
export function statusFromEndDate(endDate: string | null, today: string): PersonStatus {
  if (!endDate) return 'active';
  return endDate <= today ? 'left' : 'leaving';
}

/**
 * Walks up the management chain from `managerId`. Returns true when it reaches `personId`:
 * making `managerId` the manager of `personId` would then close a loop.
 * `managerOf` answers null for no manager and undefined for an unknown person.
 */
export async function closesLoop(
  personId: string,
  managerId: string,
  managerOf: (id: string) => Promise<string | null | undefined> | string | null | undefined,
): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | null | undefined = managerId;
  while (current) {
    if (current === personId) return true;
    // An existing loop elsewhere must not hang us; it does not involve this person.
    if (seen.has(current)) return false;
    seen.add(current);
    current = await managerOf(current);
  }
  return false;
}
