// The flic server process: read the listen address from flags and environment, start the server,
// log where it listens, and stop cleanly on SIGTERM / SIGINT.

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { DEFAULT_HOST, DEFAULT_PORT, createFlicServer } from './server.js';

export interface MainConfig {
  readonly host: string;
  readonly port: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a TCP port, 0..65535');
  return port;
}

/** Flags win over FLIC_* environment variables, which win over the defaults. */
export function readConfig(argv: readonly string[]): MainConfig {
  const program = new Command('flic')
    .description('The s390 KVM floating interrupt controller (FLIC) as a gRPC device')
    .addOption(new Option('--host <host>', 'address to listen on').env('FLIC_HOST').default(DEFAULT_HOST))
    .addOption(
      new Option('--port <port>', 'gRPC port (0 = any free port)').env('FLIC_PORT').default(DEFAULT_PORT).argParser(parsePort),
    )
    .parse(argv);
  return program.opts<MainConfig>();
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const config = readConfig(argv);
  const logger = pino({ name: 'flic' });
  const flic = await createFlicServer({ host: config.host, port: config.port, logger });
  logger.info({ address: flic.address, port: flic.port }, 'flic listening');

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'flic shutting down');
    flic.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href;
}

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    pino({ name: 'flic' }).fatal({ err }, 'flic failed to start');
    process.exit(1);
  });
}
