// An injectable clock so tests control time; timestamps are stored as UTC ISO 8601.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests. */
export class FixedClock implements Clock {
  constructor(private t: Date = new Date('2026-01-15T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
  set(d: Date): void {
    this.t = new Date(d);
  }
}

export const isoNow = (clock: Clock): string => clock.now().toISOString();
