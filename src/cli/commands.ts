// The kilpi commands: serve, migrate, demo, user create, token create.
import { Command, Option } from 'commander';
import { type ServeFlags } from '../config.js';
import { createUser } from '../auth/users-service.js';
import { createTokenForEmail } from '../auth/tokens.js';
import { migrateToLatest } from '../db/migrate.js';
import { openStore } from '../db/index.js';
import { configFor, print, readStdin, withStorage } from './context.js';
import { UsageError } from './errors.js';
import { MFA_REQUIRED_ROLES, type Role } from '../auth/roles.js';
import { registerLedgerCommands } from './ledger.js';
import { registerFrameworksCommands } from './frameworks.js';
import { registerSoaCommands } from './soa.js';

function serveOptions(cmd: Command): Command {
  return cmd
    .option('--port <n>', 'port to listen on (default 8443; env KILPI_PORT)')
    .option('--host <h>', 'address to listen on (default 127.0.0.1; env KILPI_HOST)')
    .option('--tls-cert <file>', 'PEM certificate (env KILPI_TLS_CERT; default: self-signed, made on first start)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert (env KILPI_TLS_KEY)')
    .addOption(new Option('--insecure-http', 'serve plain HTTP on a loopback address (development only)').conflicts('behindProxy'))
    .option('--behind-proxy', 'serve plain HTTP behind a TLS-terminating reverse proxy (env KILPI_BEHIND_PROXY=1)');
}

const DAY_MS = 86_400_000;

async function serveCommand(cmd: Command, seed: boolean): Promise<void> {
  const config = await configFor(cmd, cmd.opts() as ServeFlags);
  // The web app and the demo seed load only for the commands that serve: the others start faster.
  const { bootFor, startServer } = await import('../server.js');
  const booted = await bootFor(config);
  const out: Record<string, unknown> = {};
  const demoLines: string[] = [];
  try {
    if (seed) {
      // Seed before listening, so the first page anyone opens already shows the organisation.
      const { seedDemo } = await import('../demo/seed.js');
      const s = booted.services;
      const result = await seedDemo({ db: s.db, clock: s.clock, actor: null, log: s.log });
      out.demo = result;
      demoLines.push(`Demo organisation: ${result.organisation} (${result.people} people)`);
      if (result.users.length) {
        demoLines.push('Demo sign-ins (email and password):');
        for (const u of result.users) demoLines.push(`  ${u.role.padEnd(17)} ${u.email.padEnd(34)} ${u.password}${u.totpSecret ? `  TOTP secret ${u.totpSecret}` : ''}`);
        if (result.users.some((u) => MFA_REQUIRED_ROLES.has(u.role as Role) && !u.totpSecret)) {
          demoLines.push('The admin and the security officer set up two-step verification (an authenticator app) at first sign-in.');
        }
      }
    }
  } catch (e) {
    await booted.close();
    throw e;
  }
  const running = await startServer(config, booted).catch(async (e: unknown) => {
    await booted.close();
    throw e;
  });
  out.url = running.url;
  out.fingerprint = running.fingerprint;
  const lines = [`Kilpi is running at ${running.url}`];
  if (running.fingerprint) {
    lines.push(`TLS certificate SHA-256 fingerprint: ${running.fingerprint}${running.selfSigned ? ' (self-signed; compare it with what your browser shows)' : ''}`);
  }
  const warning = expiryWarning(running.certificateExpires, running.booted.services.clock.now());
  if (warning) process.stderr.write(warning + '\n');
  if (config.behindProxy) lines.push('Plain HTTP for a TLS-terminating proxy: requests need X-Forwarded-Proto: https.');
  lines.push(...demoLines, 'Press Ctrl+C to stop.');
  print(cmd, lines.join('\n'), out);
  const stop = () => {
    void running.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** A certificate close to expiry deserves a line at every start. */
function expiryWarning(notAfter: Date | null, now: Date): string | null {
  if (!notAfter) return null;
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (days < 0) return `Warning: the TLS certificate expired on ${notAfter.toISOString().slice(0, 10)}.`;
  if (days < 14) return `Warning: the TLS certificate expires in ${days} day(s), on ${notAfter.toISOString().slice(0, 10)}.`;
  return null;
}

export function buildProgram(version: string): Command {
  const program = new Command('kilpi')
    .description('Kilpi: an ISMS for payment and fintech companies')
    .version(version, '-V, --version')
    .option('--data <dir>', 'data directory (env KILPI_DATA_DIR)', process.env.KILPI_DATA_DIR || './data')
    .option('--json', 'print results as JSON')
    .showHelpAfterError(false)
    // Set before the subcommands exist so they inherit it: main.ts maps the thrown errors to exit codes.
    .exitOverride()
    // Help goes out whole; an error is one line (commander may add hints below it).
    .configureOutput({ outputError: (s, write) => write(`kilpi: ${s.split('\n')[0]!.replace(/^error: /, '').slice(0, 400)}\n`) });

  serveOptions(program.command('serve').description('start the web server')).action(async (_o, cmd: Command) => serveCommand(cmd, false));
  serveOptions(program.command('demo').description('seed the demo organisation, then serve')).action(async (_o, cmd: Command) => serveCommand(cmd, true));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_o, cmd: Command) => {
      const config = await configFor(cmd);
      const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const { applied } = await migrateToLatest(store.db);
        print(cmd, applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.', { applied });
      } finally {
        await store.close();
      }
    });

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user; prints a generated password once when none is given')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'admin, security_officer, auditor or staff')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o: { email: string; name: string; role: string; passwordStdin?: boolean }, cmd: Command) => {
      const password = o.passwordStdin ? await readStdin() : undefined;
      if (o.passwordStdin && !password) throw new UsageError('--password-stdin was given but standard input was empty');
      await withStorage(cmd, async (ctx) => {
        const { user: u, generatedPassword } = await createUser(ctx, { email: o.email, name: o.name, role: o.role as never, password });
        const human = [`Created ${u.role} ${u.email} (${u.id})`, generatedPassword ? `Password (shown once): ${generatedPassword}` : ''].filter(Boolean).join('\n');
        print(cmd, human, { ...u, ...(generatedPassword ? { password: generatedPassword } : {}) });
      });
    });

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user; prints it once')
    .requiredOption('--email <email>', 'the user the token acts for')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-in <duration>', 'lifetime such as 90d, 12h, 4w or 1y', '90d')
    .action(async (o: { email: string; name: string; expiresIn: string }, cmd: Command) => {
      await withStorage(cmd, async (ctx) => {
        const { token: secret, meta } = await createTokenForEmail(ctx, o.email, { name: o.name, expires_in: o.expiresIn });
        print(cmd, `${secret}\n(shown once; expires ${meta.expires_at})`, { token: secret, expires_at: meta.expires_at });
      });
    });

  registerLedgerCommands(program);
  registerFrameworksCommands(program);
  registerSoaCommands(program);
  return program;
}
