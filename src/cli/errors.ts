// CLI failures: a usage error exits 2, anything else 1; always one clear line, never a stack.
import { ConfigError } from '../config.js';
import { isAppError } from '../core/errors.js';

/** The command line itself is wrong (a flag, an argument, standard input). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError || e instanceof ConfigError) return 2;
  // Invalid input the service layer rejected is a usage error too: the caller can fix the command.
  if (isAppError(e) && (e.status === 400 || e.status === 413 || e.status === 415)) return 2;
  return 1;
}

/** Long values (a 100 kB name) must not flood the terminal; one line, bounded. */
const MAX_LINE = 400;

function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters would garble the terminal
  const flat = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_LINE ? flat.slice(0, MAX_LINE - 1) + '…' : flat;
}

/** The first useful message in an error, looking inside AggregateErrors (e.g. a refused connect). */
function rawMessage(e: unknown): string {
  if (isAppError(e)) {
    const fields = e.errors?.map((f) => `${f.field}: ${f.message}`).join('; ');
    return fields ? `${e.message} (${fields})` : e.message;
  }
  if (e instanceof AggregateError && !e.message && e.errors.length) return rawMessage(e.errors[0]);
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return e.message.split('\n')[0] || code || e.name;
  }
  return String(e);
}

export function messageFor(e: unknown): string {
  return oneLine(rawMessage(e)) || 'unexpected error';
}
