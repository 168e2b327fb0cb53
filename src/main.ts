#!/usr/bin/env node
// The kilpi command. Usage errors exit 2 with one line; failures exit 1.
import { CommanderError } from 'commander';
import { buildProgram } from './cli/commands.js';
import { exitCodeFor, messageFor } from './cli/errors.js';
import { soaArgv } from './cli/soa.js';
import { VERSION } from './version.js';

const program = buildProgram(VERSION);

try {
  await program.parseAsync(soaArgv(process.argv));
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too, successfully.
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
    process.exit(2);
  }
  process.stderr.write(`kilpi: ${messageFor(e)}\n`);
  process.exit(exitCodeFor(e));
}
