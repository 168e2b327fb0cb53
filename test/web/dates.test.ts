// Calendar days in the organisation's time zone, across daylight saving changes.
import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, zonedDate, zonedDayStart } from '../../src/web/dates.js';

describe('dates', () => {
  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-11-25')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '26-11-25', '2026-11-25T00:00', '', '１２３４-01-01', '0000-01-01', '2026-1-5', "2026-11-25' or 1=1"]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('finds midnight in Helsinki in winter, in summer and on both change days', () => {
    expect(zonedDayStart('2026-11-25', 'Europe/Helsinki')).toBe('2026-11-24T22:00:00.000Z');
    expect(zonedDayStart('2026-07-01', 'Europe/Helsinki')).toBe('2026-06-30T21:00:00.000Z');
    expect(zonedDayStart('2026-03-29', 'Europe/Helsinki')).toBe('2026-03-28T22:00:00.000Z');
    expect(zonedDayStart('2026-10-25', 'Europe/Helsinki')).toBe('2026-10-24T21:00:00.000Z');
    expect(zonedDayStart('2026-06-01', 'America/New_York')).toBe('2026-06-01T04:00:00.000Z');
    expect(zonedDayStart('2026-06-01', 'UTC')).toBe('2026-06-01T00:00:00.000Z');
  });

  it('names the local day of an instant and steps across month ends', () => {
    expect(zonedDate(new Date('2026-11-24T22:30:00Z'), 'Europe/Helsinki')).toBe('2026-11-25');
    expect(zonedDate(new Date('2026-11-24T21:59:59Z'), 'Europe/Helsinki')).toBe('2026-11-24');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
