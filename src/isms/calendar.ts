// The organisation's calendar days for every ISMS area. Services get no time zone from their context
// yet, so they count days in Kilpi's default zone; this is the one place that changes when Ctx carries
// the configured zone (KILPI_TIME_ZONE, which pages and the dashboard already use).
import type { Clock } from '../core/clock.js';
import { zonedDate } from '../web/dates.js';

export const ORG_TIME_ZONE = 'Europe/Helsinki';

/** Today's date (YYYY-MM-DD) in the organisation's time zone. */
export const todayOf = (clock: Clock): string => zonedDate(clock.now(), ORG_TIME_ZONE);

/** The calendar day (organisation's time zone) of a stored UTC timestamp. */
export const dayOf = (isoTimestamp: string): string => zonedDate(new Date(isoTimestamp), ORG_TIME_ZONE);
