// The configuration of the flic service process: command-line flags, each also read from a
// FLIC_* environment variable (the flag wins), validated before anything starts. Defaults run with
// no configuration.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { OutputConfiguration } from 'commander';
import { isIPv4, isIPv6 } from 'node:net';
import { DEFAULT_MAX_VMS } from '../device/vmRegistry.js';
import { DEFAULT_PORT } from '../proto/wire.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What one flic process serves and how (not a FLIC's configuration: that is VmConfig). */
export interface ServiceConfig {
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
  /** PEM certificate (chain) and key of the gRPC port; both null: plaintext (docs/security.md). */
  readonly tlsCert: string | null;
  readonly tlsKey: string | null;
  /** PEM CA bundle that client certificates must chain to; null: no client certificate asked. */
  readonly tlsClientCa: string | null;
  /** The authorization file; null: every call is allowed. */
  readonly authzFile: string | null;
  /** Seconds between re-reads of the TLS files and the authorization file. */
  readonly reloadIntervalSeconds: number;
  /** /metrics over HTTPS with the gRPC port's certificate. */
  readonly metricsTls: boolean;
  /** A plaintext port that serves only grpc.health.v1 (Kubernetes probes); null: none. */
  readonly healthPort: number | null;
  readonly healthHost: string;
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
  tlsCert: null,
  tlsKey: null,
  tlsClientCa: null,
  authzFile: null,
  reloadIntervalSeconds: 10,
  metricsTls: false,
  healthPort: null,
  healthHost: DEFAULT_HOST,
};

/** The security flags and their variables, as the options declare them and messages name them. */
export const SECURITY_FLAGS = {
  tlsCert: { flag: '--tls-cert', env: 'FLIC_TLS_CERT' },
  tlsKey: { flag: '--tls-key', env: 'FLIC_TLS_KEY' },
  tlsClientCa: { flag: '--tls-client-ca', env: 'FLIC_TLS_CLIENT_CA' },
  authzFile: { flag: '--authz-file', env: 'FLIC_AUTHZ_FILE' },
  metricsTls: { flag: '--metrics-tls', env: 'FLIC_METRICS_TLS' },
  healthPort: { flag: '--health-port', env: 'FLIC_HEALTH_PORT' },
} as const;

/** `--tls-cert (FLIC_TLS_CERT)`: how a message names a flag. */
export function flagLabel(name: keyof typeof SECURITY_FLAGS): string {
  const f = SECURITY_FLAGS[name];
  return `${f.flag} (${f.env})`;
}

/** sysexits-style "usage error": a bad flag or environment value. */
export const EXIT_BAD_CONFIG = 2;

/** An hour: a longer grace period is surely a typo (milliseconds given for seconds). */
const MAX_SHUTDOWN_GRACE_SECONDS = 3600;
const MAX_PORT = 65535;
const MAX_VMS_CEILING = 10_000_000;
/** Re-reading files more often than this is a typo; less often than hourly misses rotations. */
const MIN_RELOAD_SECONDS = 0.1;
const MAX_RELOAD_SECONDS = 3600;

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

/** A path to a file (checked at start, when it is read). */
function filePath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a file path.');
  return value;
}

/** A file flag: no default (absent means off). */
function fileOption(name: keyof typeof SECURITY_FLAGS, description: string): Option {
  const f = SECURITY_FLAGS[name];
  return new Option(`${f.flag} <file>`, description).env(f.env).argParser(filePath);
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
    .addOption(fileOption('tlsCert', 'PEM certificate (chain) of the gRPC port: it then speaks TLS only (docs/security.md).'))
    .addOption(fileOption('tlsKey', 'PEM private key of --tls-cert.'))
    .addOption(fileOption('tlsClientCa', 'PEM CA bundle: every client must present a certificate it issued (mutual TLS).'))
    .addOption(fileOption('authzFile', 'Authorization file (YAML or JSON): identities, VM-id grants, quotas. Absent: every call is allowed.'))
    .addOption(
      option(
        '--reload-interval <seconds>',
        'Seconds between re-reads of the TLS files and the authorization file (rotation without restart).',
        'FLIC_RELOAD_INTERVAL',
        d.reloadIntervalSeconds,
        secondsIn(MIN_RELOAD_SECONDS, MAX_RELOAD_SECONDS),
      ),
    )
    .addOption(
      new Option(`${SECURITY_FLAGS.metricsTls.flag} <bool>`, '/metrics over HTTPS with the certificate of --tls-cert.')
        .env(SECURITY_FLAGS.metricsTls.env)
        .choices(['true', 'false'])
        .default('false'),
    )
    .addOption(
      new Option(
        `${SECURITY_FLAGS.healthPort.flag} <port>`,
        'A plaintext port that serves only grpc.health.v1, for probes that cannot speak TLS (0 = ephemeral). Default: none.',
      )
        .env(SECURITY_FLAGS.healthPort.env)
        .argParser(integer(0, MAX_PORT)),
    )
    .addOption(option('--health-host <host>', 'Listen address of --health-port.', 'FLIC_HEALTH_HOST', d.healthHost, hostName))
    .showHelpAfterError('(run with --help for every flag and its default)')
    .exitOverride();
  if (output) program.configureOutput(output);
  return program;
}

/** Seconds from min to max, fractions allowed. */
function secondsIn(min: number, max: number): (value: string) => number {
  const parse = seconds(max);
  return (value) => {
    const n = parse(value);
    if (n < min) throw new InvalidArgumentError(`Expected a decimal number of seconds from ${min} to ${max}.`);
    return n;
  };
}

/** Flags that only make sense together; the first problem, or null. */
function securityProblem(c: ServiceConfig): string | null {
  const label = flagLabel;
  if ((c.tlsCert === null) !== (c.tlsKey === null)) return `${label('tlsCert')} and ${label('tlsKey')} go together`;
  if (c.tlsClientCa !== null && c.tlsCert === null) return `${label('tlsClientCa')} needs ${label('tlsCert')} and ${label('tlsKey')}`;
  if (c.metricsTls && c.tlsCert === null) return `${label('metricsTls')} needs ${label('tlsCert')} and ${label('tlsKey')}`;
  if (c.healthPort !== null && c.healthPort !== 0 && (c.healthPort === c.port || c.healthPort === c.metricsPort)) {
    return `${label('healthPort')} must differ from --port and --metrics-port`;
  }
  return null;
}

interface ParsedOptions {
  host: string;
  port: number;
  metricsHost: string;
  metricsPort: number;
  metricsMaxVms: number;
  maxVms: number;
  logLevel: LogLevel;
  shutdownGrace: number;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  authzFile?: string;
  reloadInterval: number;
  metricsTls: 'true' | 'false';
  healthPort?: number;
  healthHost: string;
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
    tlsCert: o.tlsCert ?? null,
    tlsKey: o.tlsKey ?? null,
    tlsClientCa: o.tlsClientCa ?? null,
    authzFile: o.authzFile ?? null,
    reloadIntervalSeconds: o.reloadInterval,
    metricsTls: o.metricsTls === 'true',
    healthPort: o.healthPort ?? null,
    healthHost: o.healthHost,
  };
  const problem = securityProblem(config);
  if (problem !== null) {
    (output?.writeErr ?? ((s: string) => process.stderr.write(s)))(`error: ${problem}\n`);
    return { kind: 'exit', exitCode: EXIT_BAD_CONFIG };
  }
  return { kind: 'run', config };
}
