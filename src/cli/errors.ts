// CLI failures: a usage error exits 2, anything else 1; always one clear line, never a stack.
import { isAppError } from '../core/errors.js';

export class UsageError extends Error {}

export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError) return 2;
  if (isAppError(e) && (e.status === 400 || e.status === 413 || e.status === 415)) return 2;
  return 1;
}

export function messageFor(e: unknown): string {
  if (isAppError(e)) {
    const fields = e.errors?.map((f) => `${f.field}: ${f.message}`).join('; ');
    return fields ? `${e.message} (${fields})` : e.message;
  }
  if (e instanceof Error) return e.message.split('\n')[0]!;
  return String(e);
}
