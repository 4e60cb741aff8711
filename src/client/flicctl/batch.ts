// batch: many command lines in one process and one session (one connection; with --embedded, one
// device whose VMs outlive each line).

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

const WORD = /"([^"]*)"|'([^']*)'|(\S+)/g;

/**
 * The words of each command line, split on spaces; "…" or '…' keeps spaces in a word (hex data).
 * Blank lines and # comments are skipped.
 */
export function commandLines(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*#.*/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => [...line.matchAll(WORD)].map((m) => m[1] ?? m[2] ?? m[3] ?? ''));
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined && file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** A batch that stopped: its lines have printed their errors; the status is the failed line's. */
export class BatchExit extends Error {
  constructor(readonly status: number) {
    super(`batch stopped with status ${status}`);
  }
}

export function batchCommand(program: Command, run: (argv: readonly string[]) => Promise<number>): void {
  program
    .command('batch [file]')
    .description(
      'run the command lines of a file (or stdin: - or none), one per line, in one session; stops at the first failure',
    )
    .option('--keep-going', "run every line; the status is the last failure's")
    .action(async (file: string | undefined, o: { keepGoing?: boolean }) => {
      let status = 0;
      for (const argv of commandLines(await readInput(file))) {
        const lineStatus = await run(argv);
        if (lineStatus === 0) continue;
        status = lineStatus;
        if (o.keepGoing !== true) break;
      }
      if (status !== 0) throw new BatchExit(status);
    });
}
