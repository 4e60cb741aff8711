// The flic server process: read the configuration (flags and FLIC_* environment), start the
// service, and turn SIGTERM / SIGINT into a graceful stop. Everything else lives in app.ts.

import { isEntryPoint } from '../cli/entryPoint.js';
import { startService } from './app.js';
import { EXIT_BAD_CONFIG, parseConfig } from './config.js';
import { createLogger, routeGrpcLogs } from './logger.js';
import { StartFileError } from './security/tlsFiles.js';

/** Exit status when flic cannot start (a port in use, an address that does not exist). */
export const EXIT_START_FAILED = 1;
/** Exit status when the graceful stop itself failed (a bug: the stop has no expected failure). */
export const EXIT_STOP_FAILED = 1;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const parsed = parseConfig(argv);
  if (parsed.kind === 'exit') {
    process.exitCode = parsed.exitCode;
    return;
  }
  const logger = createLogger(parsed.config.logLevel);
  routeGrpcLogs(logger);
  const flic = await startService(parsed.config, { logger }).catch((err: unknown) => {
    if (err instanceof StartFileError) {
      // A file named by a flag cannot be used: a usage error, like a bad flag value.
      process.stderr.write(`flic: ${err.message}\n`);
      logger.fatal({ flag: err.flag, error: err.message }, 'flic failed to start');
      return process.exit(EXIT_BAD_CONFIG);
    }
    logger.fatal({ err }, 'flic failed to start');
    return process.exit(EXIT_START_FAILED);
  });
  // `once`: a second signal of the same kind gets Node's default action and ends the process at
  // once, for an operator who does not want to wait for the drain.
  const onSignal = (signal: NodeJS.Signals): void => {
    flic.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, 'flic failed to stop cleanly');
        process.exit(EXIT_STOP_FAILED);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (isEntryPoint(import.meta.url)) await main();
