// Test entry: a kilpi program with only the global options and `ledger` commands, exiting like src/main.ts.
import { Command, CommanderError } from 'commander';
import { registerLedgerCommands } from '../../src/cli/ledger.js';
import { exitCodeFor, messageFor } from '../../src/cli/errors.js';

const program = new Command('kilpi')
  .option('--data <dir>', 'data directory', process.env.KILPI_DATA_DIR ?? './data')
  .option('--json', 'print results as JSON');
registerLedgerCommands(program);
program.exitOverride();
program.configureOutput({ writeErr: (s) => process.stderr.write(s.split('\n')[0] + '\n') });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 || e.code === 'commander.helpDisplayed' ? 0 : 2);
  process.stderr.write(`kilpi: ${messageFor(e)}\n`);
  process.exit(exitCodeFor(e));
}
