// The security flags of the server (docs/security.md): their names and variables, their options,
// what they read into, and the combinations that make no sense. config.ts adds them to the command
// line with its own value parsers, so both read values the same way.

import { InvalidArgumentError, Option, type Command } from 'commander';

/** What the security flags configure (part of ServiceConfig). */
export interface SecurityConfig {
  /** PEM certificate (chain) and key of the gRPC port; both null: plaintext. */
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

export function defaultSecurityConfig(host: string): SecurityConfig {
  return {
    tlsCert: null,
    tlsKey: null,
    tlsClientCa: null,
    authzFile: null,
    reloadIntervalSeconds: 10,
    metricsTls: false,
    healthPort: null,
    healthHost: host,
  };
}

/** The flags and their variables, as the options declare them and messages name them. */
export const SECURITY_FLAGS = {
  tlsCert: { flag: '--tls-cert', env: 'FLIC_TLS_CERT' },
  tlsKey: { flag: '--tls-key', env: 'FLIC_TLS_KEY' },
  tlsClientCa: { flag: '--tls-client-ca', env: 'FLIC_TLS_CLIENT_CA' },
  authzFile: { flag: '--authz-file', env: 'FLIC_AUTHZ_FILE' },
  reloadInterval: { flag: '--reload-interval', env: 'FLIC_RELOAD_INTERVAL' },
  metricsTls: { flag: '--metrics-tls', env: 'FLIC_METRICS_TLS' },
  healthPort: { flag: '--health-port', env: 'FLIC_HEALTH_PORT' },
  healthHost: { flag: '--health-host', env: 'FLIC_HEALTH_HOST' },
} as const;

type FlagName = keyof typeof SECURITY_FLAGS;

/** `--tls-cert (FLIC_TLS_CERT)`: how a message names a flag. */
export function flagLabel(name: FlagName): string {
  const f = SECURITY_FLAGS[name];
  return `${f.flag} (${f.env})`;
}

/** Re-reading files more often than this is a typo; less often than hourly misses rotations. */
const MIN_RELOAD_SECONDS = 0.1;
const MAX_RELOAD_SECONDS = 3600;

/** A path to a file (checked at start, when it is read). */
function filePath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a file path.');
  return value;
}

function flag(name: FlagName, value: string, description: string): Option {
  const f = SECURITY_FLAGS[name];
  return new Option(`${f.flag} <${value}>`, description).env(f.env);
}

/** The value parsers of config.ts, so that ports, hosts and seconds read as every flag does. */
export interface FlagParsers {
  readonly port: (value: string) => number;
  readonly host: (value: string) => string;
  /** Seconds from 0 to max. */
  readonly seconds: (max: number) => (value: string) => number;
}

export function addSecurityOptions(program: Command, parsers: FlagParsers, d: SecurityConfig): Command {
  const reload = parsers.seconds(MAX_RELOAD_SECONDS);
  return program
    .addOption(flag('tlsCert', 'file', 'PEM certificate (chain) of the gRPC port: it then speaks TLS only (docs/security.md).').argParser(filePath))
    .addOption(flag('tlsKey', 'file', 'PEM private key of --tls-cert.').argParser(filePath))
    .addOption(flag('tlsClientCa', 'file', 'PEM CA bundle: every client must present a certificate it issued (mutual TLS).').argParser(filePath))
    .addOption(
      flag('authzFile', 'file', 'Authorization file (YAML or JSON): identities, VM-id grants, quotas. Absent: every call is allowed.').argParser(filePath),
    )
    .addOption(
      flag('reloadInterval', 'seconds', 'Seconds between re-reads of the TLS files and the authorization file (rotation without restart).')
        .default(d.reloadIntervalSeconds)
        .argParser((value) => {
          const n = reload(value);
          if (n < MIN_RELOAD_SECONDS) throw new InvalidArgumentError(`Expected a decimal number of seconds from ${MIN_RELOAD_SECONDS} to ${MAX_RELOAD_SECONDS}.`);
          return n;
        }),
    )
    .addOption(flag('metricsTls', 'bool', '/metrics over HTTPS with the certificate of --tls-cert.').choices(['true', 'false']).default(String(d.metricsTls)))
    .addOption(
      flag('healthPort', 'port', 'A plaintext port that serves only grpc.health.v1, for probes that cannot speak TLS (0 = ephemeral). Default: none.').argParser(
        parsers.port,
      ),
    )
    .addOption(flag('healthHost', 'host', 'Listen address of --health-port.').default(d.healthHost).argParser(parsers.host));
}

/** What commander leaves for these flags. */
export interface SecurityOptions {
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  authzFile?: string;
  reloadInterval: number;
  metricsTls: 'true' | 'false';
  healthPort?: number;
  healthHost: string;
}

export function securityConfigOf(o: SecurityOptions): SecurityConfig {
  return {
    tlsCert: o.tlsCert ?? null,
    tlsKey: o.tlsKey ?? null,
    tlsClientCa: o.tlsClientCa ?? null,
    authzFile: o.authzFile ?? null,
    reloadIntervalSeconds: o.reloadInterval,
    metricsTls: o.metricsTls === 'true',
    healthPort: o.healthPort ?? null,
    healthHost: o.healthHost,
  };
}

/** Flags that only make sense together, or ports that collide; the first problem, or null. */
export function securityProblem(c: SecurityConfig, ports: { readonly port: number; readonly metricsPort: number }): string | null {
  const label = flagLabel;
  if ((c.tlsCert === null) !== (c.tlsKey === null)) return `${label('tlsCert')} and ${label('tlsKey')} go together`;
  if (c.tlsClientCa !== null && c.tlsCert === null) return `${label('tlsClientCa')} needs ${label('tlsCert')} and ${label('tlsKey')}`;
  if (c.metricsTls && c.tlsCert === null) return `${label('metricsTls')} needs ${label('tlsCert')} and ${label('tlsKey')}`;
  if (c.healthPort !== null && c.healthPort !== 0 && (c.healthPort === ports.port || c.healthPort === ports.metricsPort)) {
    return `${label('healthPort')} must differ from --port and --metrics-port`;
  }
  return null;
}
