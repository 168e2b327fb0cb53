import pino from 'pino';
import { boot } from '/work/main/src/bootstrap.js';
import { systemActor } from '/work/main/src/core/context.js';
import { DEMO_REQUIREMENT_KEYS } from '/work/main/src/isms/controls/demo.js';
import { resolveRequirementKeys } from '/work/main/src/isms/frameworks/service.js';
const b = await boot({ dataDir: process.argv[2]!, log: pino({ level: 'warn' }) });
const r = await resolveRequirementKeys({ db: b.services.db, clock: b.services.clock, actor: systemActor('x') }, [...DEMO_REQUIREMENT_KEYS]);
console.log('found', r.found.size, 'unknown', r.unknown);
await b.close();
