// The flicctl program: global options, help, the command modules, and how errors end a run
// (exit 1 for a failed call, 2 for a bad command line, which commander reports before anything
// is sent).

import { Command, CommanderError, Option } from 'commander';
import { KvmError } from '../../device/errno.js';
import { DEFAULT_PORT } from '../../proto/wire.js';
import { batchCommand } from './batch.js';
import { CommandExit } from './command.js';
import { COMMAND_MODULES } from './commands/index.js';
import { json } from './format.js';
import { SECURITY_HELP, addSecurityOptions, securityProblem } from './security.js';
import { Session, type FlicctlIo, type GlobalOptions } from './session.js';

export type { FlicctlIo } from './session.js';

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const DEFAULT_ADDR = `127.0.0.1:${DEFAULT_PORT}`;

const MORE_HELP = `
Environment:
  FLIC_ADDR   the server address when --addr is not given (default ${DEFAULT_ADDR})${SECURITY_HELP}

Output: tables on a terminal, JSON otherwise; --json or --table chooses. In JSON, 64-bit values
are decimal strings and bytes are hex. Numbers are accepted in decimal or 0x-hex; a <hex> value
(a register or a mask) is always hex, with or without 0x.
Exit status: 0 done, 1 the call failed (the errno is printed), 2 a bad command line (nothing sent).
"flicctl help <command>" or "flicctl <command> --help" describes a command.`;

/** The whole command tree, writing to `io` and working through `session`. */
export function flicctl(session: Session): Command {
  const { io } = session;
  const program = new Command('flicctl')
    .description('Drive a flic server (the s390 KVM FLIC as a gRPC device), or the device in-process')
    .addOption(new Option('--addr <host:port>', 'server address').env('FLIC_ADDR').default(DEFAULT_ADDR))
    .option('--embedded', 'no server: the device runs in this process (its VMs last as long as the process; see batch)')
    .addOption(new Option('--json', 'print JSON').conflicts('table'))
    .option('--table', 'print tables');
  addSecurityOptions(program)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', MORE_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .hook('preAction', () => {
      const options = program.opts<GlobalOptions>();
      const problem = securityProblem(options);
      if (problem !== null) program.error(`error: ${problem}`, { exitCode: EXIT_USAGE, code: 'flicctl.security' });
      session.configure(options);
    });
  for (const register of COMMAND_MODULES) register(program, session);
  batchCommand(program, (argv) => runCommandLine(argv, session));
  return program;
}

function printError(err: unknown, session: Session): void {
  if (err instanceof KvmError) {
    const { errno, errnoName, group, message, metadata } = err;
    const extra = Object.entries(metadata)
      .map(([k, v]) => ` ${k}=${v}`)
      .join('');
    session.io.err(
      session.asJson
        ? json({ error: { errno, errnoName, group, message, metadata } })
        : `flicctl: ${message} (errno ${errno})${extra}`,
    );
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  session.io.err(session.asJson ? json({ error: { message } }) : `flicctl: ${message}`);
}

/** Runs one command line in a session; resolves to the exit status. */
async function runCommandLine(argv: readonly string[], session: Session): Promise<number> {
  try {
    await flicctl(session).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE; // commander has printed it
    if (err instanceof CommandExit) return err.status;
    printError(err, session);
    return EXIT_FAILED;
  }
}

/** Runs one command line; resolves to the exit status. */
export async function runFlicctl(argv: readonly string[], io: FlicctlIo): Promise<number> {
  const session = new Session(io);
  try {
    return await runCommandLine(argv, session);
  } finally {
    await session.close();
  }
}
