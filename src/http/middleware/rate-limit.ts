// Fixed-window request counting in memory: enough for one instance; each instance limits its own.
import { tooManyRequests } from '../../core/errors.js';

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts one hit for `key`; throws 429 with Retry-After when over the limit. */
  hit(key: string, now: number): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (this.windows.size > 50_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.perMinute) throw tooManyRequests(Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)));
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
  }
}
