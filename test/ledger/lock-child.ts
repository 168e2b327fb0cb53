// A process racing others for a pid-file lock at an agreed moment; prints whether it won, holds it briefly.
// Usage: node --import tsx lock-child.ts FILE START_MS
import { PidFileLock } from '../../src/ledger/writer-lock.js';

const [file, startAt] = process.argv.slice(2);
const lock = new PidFileLock(file!);
while (Date.now() < Number(startAt)) {
  // Spin: all racers start within a millisecond or so of one another.
}
const won = await lock.tryAcquire();
process.stdout.write(won ? 'won\n' : 'lost\n');
await new Promise((r) => setTimeout(r, 1500));
