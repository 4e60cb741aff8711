// Structured JSON logs (pino) on stdout. Lines are written at start, at stop and for each device
// error (debug). Nothing is logged per call at the default level: the hot path stays silent.

import { format } from 'node:util';
import { setLogger as setGrpcLogger } from '@grpc/grpc-js';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { KvmError } from '../device/errno.js';
import type { LogLevel, ServiceConfig } from './config.js';

export type { Logger } from 'pino';

/**
 * A logger writing JSON lines to `destination` (default: stdout, synchronously, so that the
 * last lines before exit are never lost).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'flic', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * grpc-js logs through a console-like object of its own, by default as `E …` lines on stderr.
 * The process routes them into its JSON log instead, so that every line an operator reads is one
 * JSON object. Process-wide (grpc-js keeps one logger): main.ts calls it, tests do not.
 */
export function routeGrpcLogs(logger: Logger): void {
  const child = logger.child({ component: 'grpc-js' });
  setGrpcLogger({
    error: (message: unknown, ...rest: unknown[]) => child.error(format(message, ...rest)),
    info: (message: unknown, ...rest: unknown[]) => child.info(format(message, ...rest)),
    debug: (message: unknown, ...rest: unknown[]) => child.debug(format(message, ...rest)),
  });
}

/** The first line: the resolved configuration and the boot id that every response will carry. */
export function logStart(logger: Logger, config: ServiceConfig, bootId: string): void {
  logger.info({ config, bootId }, 'flic starting');
}

export function logListening(
  logger: Logger,
  where: { address: string; port: number; metricsPort: number; healthPort?: number },
): void {
  logger.info(where, 'flic listening');
}

export function logDeviceError(logger: Logger, err: KvmError, method: string, vmId: string | undefined): void {
  // Guarded so that an error storm at the default level builds no objects.
  if (!logger.isLevelEnabled('debug')) return;
  logger.debug(
    { method, vmId, errno: err.errnoName, errnoNumber: err.errno, group: err.group, detail: err.detail, metadata: err.metadata },
    'device error',
  );
}
