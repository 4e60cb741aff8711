#!/usr/bin/env node
// flicctl, the command line of a flic server: the program is in ./flicctl/ (one module per group
// of subcommands); this file is the executable (package.json's bin).

import { isEntryPoint } from '../cli/entryPoint.js';
import { runFlicctl, type FlicctlIo } from './flicctl/program.js';

export { runFlicctl, type FlicctlIo };

if (isEntryPoint(import.meta.url)) {
  // A reader that stops early (flicctl … | head) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  const io: FlicctlIo = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    isTTY: process.stdout.isTTY,
  };
  process.exitCode = await runFlicctl(process.argv.slice(2), io);
}
