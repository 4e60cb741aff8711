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
  /** Where VMs are kept across restarts (docs/state.md); null: in memory only. */
  readonly stateDir: string | null;
  /** Journal size, in MiB, that starts a compaction (a fresh snapshot). */
  readonly stateCompactMiB: number;
  /** Bytes all VMs' pending interrupts may hold; null: a share of the cgroup memory limit (memoryLimit.ts). */
  readonly maxPendingBytes: number | null;
  /** Heavy calls (large GET_ALL_IRQS and Inspect replies) that run at once; more wait in a queue. */
  readonly maxHeavyCalls: number;
  /** Heavy calls that may wait; past it they are refused with RESOURCE_EXHAUSTED. */
  readonly maxQueuedHeavyCalls: number;
  /** A scrape within this many seconds of the last exposition is answered with it. */
  readonly metricsMinIntervalSeconds: number;
  /** Open gRPC connections; more are closed as they are accepted. */
  readonly maxConnections: number;
  /** Concurrent streams per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly maxConcurrentStreams: number;
  /** Seconds a new connection gets to send the HTTP/2 preface and SETTINGS. */
  readonly handshakeTimeoutSeconds: number;
  /** Seconds without a call after which a connection is closed (GOAWAY); 0 = never. */
  readonly idleTimeoutSeconds: number;
  /** Seconds between the server's keepalive pings; 0 = no pings. */
  readonly keepaliveTimeSeconds: number;
  /** Seconds a keepalive ping may go unanswered before the connection is dropped. */
  readonly keepaliveTimeoutSeconds: number;
  /** Client pings on a connection without calls closer together than this count as strikes. */
  readonly minPingIntervalSeconds: number;
  /** Seconds a reply may wait unread for its client; then the call is cancelled. */
  readonly sendTimeoutSeconds: number;
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
  stateDir: null,
  stateCompactMiB: 64,
  maxPendingBytes: null,
  maxHeavyCalls: 2,
  maxQueuedHeavyCalls: 64,
  metricsMinIntervalSeconds: 1,
  maxConnections: 1000,
  maxConcurrentStreams: 100,
  handshakeTimeoutSeconds: 10,
  idleTimeoutSeconds: 300,
  keepaliveTimeSeconds: 60,
  keepaliveTimeoutSeconds: 20,
  minPingIntervalSeconds: 10,
  sendTimeoutSeconds: 30,
  ...defaultSecurityConfig(DEFAULT_HOST),
};

/** sysexits-style "usage error": a bad flag or environment value. */
export const EXIT_BAD_CONFIG = 2;

/** An hour: a longer grace period is surely a typo (milliseconds given for seconds). */
const MAX_SHUTDOWN_GRACE_SECONDS = 3600;
const MAX_PORT = 65535;
const MAX_VMS_CEILING = 10_000_000;
/** A journal of 64 GiB before a snapshot is surely a mistake. */
const MAX_COMPACT_MIB = 65536;
/** A day: the longest timeout or interval that is not a mistake. */
const MAX_TIMEOUT_SECONDS = 86_400;
const MAX_COUNT = 1_000_000;
/** The largest value of HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS. */
const MAX_STREAMS = 2 ** 31 - 1;

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

/** A directory path; the empty string means none (how an environment variable unsets it). */
function directory(value: string): string {
  if (value.includes('\0')) throw new InvalidArgumentError('Expected a directory path.');
  return value.trim();
}

/** Seconds above 0 (a timeout of 0 would fire before anything can answer). */
function positiveSeconds(max: number): (value: string) => number {
  const parse = seconds(max);
  return (value) => {
    const n = parse(value);
    if (n === 0) throw new InvalidArgumentError(`Expected a number of seconds above 0, up to ${max}.`);
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
    .addOption(
      new Option('--state-dir <dir>', 'Keep VMs in this directory across restarts, every acknowledged change durable (docs/state.md); unset: memory only.')
        .env('FLIC_STATE_DIR')
        .argParser(directory),
    )
    .addOption(
      option(
        '--state-compact-mib <MiB>',
        'With --state-dir: journal size that starts a compaction (a fresh snapshot), bounding restart time.',
        'FLIC_STATE_COMPACT_MIB',
        d.stateCompactMiB,
        integer(1, MAX_COMPACT_MIB),
      ),
    )
    .addOption(
      new Option(
        '--max-pending-bytes <bytes>',
        'Bytes the pending interrupts of all VMs may hold (ENOMEM past it). Default: half the cgroup memory limit, or 1 GiB without one.',
      )
        .env('FLIC_MAX_PENDING_BYTES')
        .argParser(integer(1, Number.MAX_SAFE_INTEGER)),
    )
    .addOption(option('--max-heavy-calls <count>', 'Large GET_ALL_IRQS/Inspect replies built at once.', 'FLIC_MAX_HEAVY_CALLS', d.maxHeavyCalls, integer(1, MAX_COUNT)))
    .addOption(
      option(
        '--max-queued-heavy-calls <count>',
        'Heavy calls that may wait for their turn (RESOURCE_EXHAUSTED past it).',
        'FLIC_MAX_QUEUED_HEAVY_CALLS',
        d.maxQueuedHeavyCalls,
        integer(0, MAX_COUNT),
      ),
    )
    .addOption(
      option(
        '--metrics-min-interval <seconds>',
        'Scrapes within this interval get the last exposition instead of a new one (0 = a new one each time).',
        'FLIC_METRICS_MIN_INTERVAL',
        d.metricsMinIntervalSeconds,
        seconds(MAX_TIMEOUT_SECONDS),
      ),
    )
    .addOption(option('--max-connections <count>', 'Open gRPC connections at most.', 'FLIC_MAX_CONNECTIONS', d.maxConnections, integer(1, MAX_COUNT)))
    .addOption(
      option('--max-concurrent-streams <count>', 'Concurrent calls per connection.', 'FLIC_MAX_CONCURRENT_STREAMS', d.maxConcurrentStreams, integer(1, MAX_STREAMS)),
    )
    .addOption(
      option(
        '--handshake-timeout <seconds>',
        'Seconds a connection gets to send the HTTP/2 preface (0 = no limit).',
        'FLIC_HANDSHAKE_TIMEOUT',
        d.handshakeTimeoutSeconds,
        seconds(MAX_TIMEOUT_SECONDS),
      ),
    )
    .addOption(
      option('--idle-timeout <seconds>', 'Close connections without calls after this long (0 = never).', 'FLIC_IDLE_TIMEOUT', d.idleTimeoutSeconds, seconds(MAX_TIMEOUT_SECONDS)),
    )
    .addOption(
      option('--keepalive-time <seconds>', 'Seconds between keepalive pings the server sends (0 = none).', 'FLIC_KEEPALIVE_TIME', d.keepaliveTimeSeconds, seconds(MAX_TIMEOUT_SECONDS)),
    )
    .addOption(
      option(
        '--keepalive-timeout <seconds>',
        'Drop a connection whose keepalive ping is unanswered this long.',
        'FLIC_KEEPALIVE_TIMEOUT',
        d.keepaliveTimeoutSeconds,
        positiveSeconds(MAX_TIMEOUT_SECONDS),
      ),
    )
    .addOption(
      option(
        '--min-ping-interval <seconds>',
        'Client pings closer together on a connection without calls are strikes; the third closes it (0 = no limit).',
        'FLIC_MIN_PING_INTERVAL',
        d.minPingIntervalSeconds,
        seconds(MAX_TIMEOUT_SECONDS),
      ),
    )
    .addOption(
      option(
        '--send-timeout <seconds>',
        'Seconds a reply may wait unread for its client; then the call is cancelled and its memory freed (0 = no limit).',
        'FLIC_SEND_TIMEOUT',
        d.sendTimeoutSeconds,
        seconds(MAX_TIMEOUT_SECONDS),
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
  stateDir?: string;
  stateCompactMib: number;
  maxPendingBytes?: number;
  maxHeavyCalls: number;
  maxQueuedHeavyCalls: number;
  metricsMinInterval: number;
  maxConnections: number;
  maxConcurrentStreams: number;
  handshakeTimeout: number;
  idleTimeout: number;
  keepaliveTime: number;
  keepaliveTimeout: number;
  minPingInterval: number;
  sendTimeout: number;
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
    maxPendingBytes: o.maxPendingBytes ?? null,
    maxHeavyCalls: o.maxHeavyCalls,
    maxQueuedHeavyCalls: o.maxQueuedHeavyCalls,
    metricsMinIntervalSeconds: o.metricsMinInterval,
    maxConnections: o.maxConnections,
    maxConcurrentStreams: o.maxConcurrentStreams,
    handshakeTimeoutSeconds: o.handshakeTimeout,
    idleTimeoutSeconds: o.idleTimeout,
    keepaliveTimeSeconds: o.keepaliveTime,
    keepaliveTimeoutSeconds: o.keepaliveTimeout,
    minPingIntervalSeconds: o.minPingInterval,
    sendTimeoutSeconds: o.sendTimeout,
    stateDir: o.stateDir === undefined || o.stateDir === '' ? null : o.stateDir,
    stateCompactMiB: o.stateCompactMib,
    ...securityConfigOf(o),
  };
  const problem = securityProblem(config, config);
  if (problem !== null) {
    (output?.writeErr ?? ((s: string) => process.stderr.write(s)))(`error: ${problem}\n`);
    return { kind: 'exit', exitCode: EXIT_BAD_CONFIG };
  }
  return { kind: 'run', config };
}
