// The configuration of the flic service process: command-line flags, each also read from a
// FLIC_* environment variable (the flag wins), validated before anything starts. Defaults run with
// no configuration.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { OutputConfiguration } from 'commander';
import { isIPv4, isIPv6 } from 'node:net';
import { DEFAULT_MAX_VMS } from '../device/vmRegistry.js';
import { DEFAULT_PORT } from '../proto/wire.js';
import {
  addSecurityOptions,
  defaultSecurityConfig,
  securityConfigOf,
  securityProblem,
  type SecurityConfig,
  type SecurityOptions,
} from './security/securityFlags.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What one flic process serves and how (not a FLIC's configuration: that is VmConfig). TLS,
 * authorization and the health-only port are SecurityConfig's (security/securityFlags.ts).
 */
export interface ServiceConfig extends SecurityConfig {
  readonly host: string;
  readonly port: number;
  readonly metricsHost: string;
  /** 0 = an ephemeral port. */
  readonly metricsPort: number;
  /** VMs that get per-VM metric series; past it only aggregates remain. */
  readonly metricsMaxVms: number;
  readonly maxVms: number;
  readonly logLevel: LogLevel;
  /** Seconds that calls in flight get to finish after SIGTERM before the server cancels them. */
  readonly shutdownGraceSeconds: number;
}

/** Listen on every interface (gRPC and metrics). */
export const DEFAULT_HOST = '0.0.0.0';
/** The Prometheus port. */
export const DEFAULT_METRICS_PORT = 9464;

export const DEFAULT_SERVICE_CONFIG: ServiceConfig = {
  host: DEFAULT_HOST,
  port: DEFAULT_PORT,
  metricsHost: DEFAULT_HOST,
  metricsPort: DEFAULT_METRICS_PORT,
  metricsMaxVms: 1000,
  maxVms: DEFAULT_MAX_VMS,
  logLevel: 'info',
  shutdownGraceSeconds: 10,
  ...defaultSecurityConfig(DEFAULT_HOST),
};

/** sysexits-style "usage error": a bad flag or environment value. */
export const EXIT_BAD_CONFIG = 2;

/** An hour: a longer grace period is surely a typo (milliseconds given for seconds). */
const MAX_SHUTDOWN_GRACE_SECONDS = 3600;
const MAX_PORT = 65535;
const MAX_VMS_CEILING = 10_000_000;

export type ConfigResult =
  | { readonly kind: 'run'; readonly config: ServiceConfig }
  /** Help was printed (0) or a value was rejected (EXIT_BAD_CONFIG); the message is already out. */
  | { readonly kind: 'exit'; readonly exitCode: number };

/** Plain decimal digits: `0x1F90`, `1e3`, `08.0` and `+5` are typos here, not numbers. */
const DECIMAL_INTEGER = /^\d+$/;
/** Seconds may have a fraction (`0.5`), still in plain decimal. */
const DECIMAL_NUMBER = /^\d+(\.\d+)?$/;

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    const n = Number(trimmed);
    if (!DECIMAL_INTEGER.test(trimmed) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a decimal integer from ${min} to ${max}.`);
    }
    return n;
  };
}

function seconds(max: number): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    const n = Number(trimmed);
    if (!DECIMAL_NUMBER.test(trimmed) || n > max) {
      throw new InvalidArgumentError(`Expected a decimal number of seconds from 0 to ${max}.`);
    }
    return n;
  };
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_HOST_NAME = 253;

/**
 * An IPv4 or IPv6 address (brackets allowed) or a host name. A name made only of digits and dots
 * is an IPv4 address or nothing (`999.1.1.1` is refused here, not at bind time).
 */
function hostName(value: string): string {
  const trimmed = value.trim();
  const unbracketed = /^\[(.*)\]$/.exec(trimmed)?.[1] ?? trimmed;
  if (unbracketed.includes(':')) {
    if (isIPv6(unbracketed)) return unbracketed;
    throw new InvalidArgumentError(`Expected an IPv6 address, got "${trimmed}".`);
  }
  if (/^[\d.]+$/.test(trimmed)) {
    if (isIPv4(trimmed)) return trimmed;
    throw new InvalidArgumentError(`Expected an IPv4 address, got "${trimmed}".`);
  }
  const name = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (name.length === 0 || name.length > MAX_HOST_NAME || !name.split('.').every((label) => HOST_LABEL.test(label))) {
    throw new InvalidArgumentError(`Expected an IP address or a host name, got "${trimmed}".`);
  }
  return trimmed;
}

function option(
  flags: string,
  description: string,
  env: string,
  defaultValue: string | number,
  parse: (value: string) => string | number,
): Option {
  return new Option(flags, description).env(env).default(defaultValue).argParser(parse);
}

function buildCommand(output: OutputConfiguration | undefined): Command {
  const d = DEFAULT_SERVICE_CONFIG;
  const program = new Command('flic')
    .description('The s390 KVM floating interrupt controller (FLIC) as a gRPC service.')
    .helpOption('-h, --help', 'Show this help and exit.')
    .addOption(option('--host <host>', 'gRPC listen address.', 'FLIC_HOST', d.host, hostName))
    .addOption(
      option('--port <port>', 'gRPC listen port (0 = ephemeral).', 'FLIC_PORT', d.port, integer(0, MAX_PORT)),
    )
    .addOption(
      option('--metrics-host <host>', 'Prometheus /metrics listen address.', 'FLIC_METRICS_HOST', d.metricsHost, hostName),
    )
    .addOption(
      option(
        '--metrics-port <port>',
        'Prometheus /metrics listen port (0 = ephemeral).',
        'FLIC_METRICS_PORT',
        d.metricsPort,
        integer(0, MAX_PORT),
      ),
    )
    .addOption(
      option(
        '--metrics-max-vms <count>',
        'VMs that get per-VM metric series (the first ones by creation); aggregates cover all VMs.',
        'FLIC_METRICS_MAX_VMS',
        d.metricsMaxVms,
        integer(0, MAX_VMS_CEILING),
      ),
    )
    .addOption(
      option(
        '--max-vms <count>',
        'VMs this process holds at most (ENOSPC past it).',
        'FLIC_MAX_VMS',
        d.maxVms,
        integer(1, MAX_VMS_CEILING),
      ),
    )
    .addOption(
      new Option('--log-level <level>', 'Log level.').env('FLIC_LOG_LEVEL').default(d.logLevel).choices(LOG_LEVELS),
    )
    .addOption(
      option(
        '--shutdown-grace <seconds>',
        'After SIGTERM/SIGINT, seconds that calls in flight get to finish before they are cancelled.',
        'FLIC_SHUTDOWN_GRACE',
        d.shutdownGraceSeconds,
        seconds(MAX_SHUTDOWN_GRACE_SECONDS),
      ),
    )
    .showHelpAfterError('(run with --help for every flag and its default)')
    .exitOverride();
  addSecurityOptions(program, { port: integer(0, MAX_PORT), host: hostName, seconds }, d);
  if (output) program.configureOutput(output);
  return program;
}

interface ParsedOptions extends SecurityOptions {
  host: string;
  port: number;
  metricsHost: string;
  metricsPort: number;
  metricsMaxVms: number;
  maxVms: number;
  logLevel: LogLevel;
  shutdownGrace: number;
}

/**
 * Reads the flags in `argv` (user arguments, without node and the script) and the FLIC_*
 * variables of `process.env`. Help and errors go to `output` (default: stdout and stderr).
 */
export function parseConfig(argv: readonly string[], output?: OutputConfiguration): ConfigResult {
  const program = buildCommand(output);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err: unknown) {
    if (err instanceof CommanderError) {
      return { kind: 'exit', exitCode: err.exitCode === 0 ? 0 : EXIT_BAD_CONFIG };
    }
    throw err;
  }
  const o = program.opts<ParsedOptions>();
  const config: ServiceConfig = {
    host: o.host,
    port: o.port,
    metricsHost: o.metricsHost,
    metricsPort: o.metricsPort,
    metricsMaxVms: o.metricsMaxVms,
    maxVms: o.maxVms,
    logLevel: o.logLevel,
    shutdownGraceSeconds: o.shutdownGrace,
    ...securityConfigOf(o),
  };
  const problem = securityProblem(config, config);
  if (problem !== null) {
    (output?.writeErr ?? ((s: string) => process.stderr.write(s)))(`error: ${problem}\n`);
    return { kind: 'exit', exitCode: EXIT_BAD_CONFIG };
  }
  return { kind: 'run', config };
}
