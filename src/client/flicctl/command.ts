// The shape of a flicctl command module: a function that adds its subcommands to the program.
// Adding a subcommand for a new RPC is one such module, listed in commands/index.ts.

import { Argument, type Command } from 'commander';
import { vmId } from './args.js';
import type { Output, Session } from './session.js';

export type CommandModule = (program: Command, session: Session) => void;

/** A subcommand addressed to one VM: `name <vm>`, the id checked before anything is sent. */
export function vmCommand(program: Command, name: string, description: string): Command {
  return program.command(name).description(description).addArgument(new Argument('<vm>', 'VM id').argParser(vmId));
}

/** A commander action that runs `fn` and prints what it returns. */
export function action<A extends unknown[]>(
  session: Session,
  fn: (...args: A) => Promise<Output>,
): (...args: A) => Promise<void> {
  return async (...args: A) => session.print(await fn(...args));
}
