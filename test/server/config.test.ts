// Configuration: flags, FLIC_* environment (the flag wins), defaults, validation and --help.

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_CONFIG, EXIT_BAD_CONFIG, parseConfig } from '../../src/server/config.js';
import type { ConfigResult, ServiceConfig } from '../../src/server/config.js';

const FLAGS: readonly (readonly [flag: string, env: string, defaultText: string])[] = [
  ['--host', 'FLIC_HOST', '"0.0.0.0"'],
  ['--port', 'FLIC_PORT', '50051'],
  ['--metrics-host', 'FLIC_METRICS_HOST', '"0.0.0.0"'],
  ['--metrics-port', 'FLIC_METRICS_PORT', '9464'],
  ['--metrics-max-vms', 'FLIC_METRICS_MAX_VMS', '1000'],
  ['--max-vms', 'FLIC_MAX_VMS', '100000'],
  ['--log-level', 'FLIC_LOG_LEVEL', '"info"'],
  ['--shutdown-grace', 'FLIC_SHUTDOWN_GRACE', '10'],
  ['--max-heavy-calls', 'FLIC_MAX_HEAVY_CALLS', '2'],
  ['--max-queued-heavy-calls', 'FLIC_MAX_QUEUED_HEAVY_CALLS', '64'],
  ['--metrics-min-interval', 'FLIC_METRICS_MIN_INTERVAL', '1'],
  ['--max-connections', 'FLIC_MAX_CONNECTIONS', '1000'],
  ['--max-concurrent-streams', 'FLIC_MAX_CONCURRENT_STREAMS', '100'],
  ['--handshake-timeout', 'FLIC_HANDSHAKE_TIMEOUT', '10'],
  ['--idle-timeout', 'FLIC_IDLE_TIMEOUT', '300'],
  ['--keepalive-time', 'FLIC_KEEPALIVE_TIME', '60'],
  ['--keepalive-timeout', 'FLIC_KEEPALIVE_TIMEOUT', '20'],
  ['--min-ping-interval', 'FLIC_MIN_PING_INTERVAL', '10'],
  ['--send-timeout', 'FLIC_SEND_TIMEOUT', '30'],
  ['--reload-interval', 'FLIC_RELOAD_INTERVAL', '10'],
  ['--metrics-tls', 'FLIC_METRICS_TLS', '"false"'],
  ['--health-host', 'FLIC_HEALTH_HOST', '"0.0.0.0"'],
  ['--state-compact-mib', 'FLIC_STATE_COMPACT_MIB', '64'],
];

/** The limits of issue 11 (items 5 to 8), as every flag below sets them. */
const LIMITS_SET = {
  maxPendingBytes: 1048576,
  maxHeavyCalls: 3,
  maxQueuedHeavyCalls: 0,
  metricsMinIntervalSeconds: 0.25,
  maxConnections: 10,
  maxConcurrentStreams: 8,
  handshakeTimeoutSeconds: 0,
  idleTimeoutSeconds: 0,
  keepaliveTimeSeconds: 0,
  keepaliveTimeoutSeconds: 0.5,
  minPingIntervalSeconds: 0,
  sendTimeoutSeconds: 2.5,
} satisfies Partial<ServiceConfig>;
const LIMIT_FLAGS = [
  '--max-pending-bytes=1048576',
  '--max-heavy-calls=3',
  '--max-queued-heavy-calls=0',
  '--metrics-min-interval=0.25',
  '--max-connections=10',
  '--max-concurrent-streams=8',
  '--handshake-timeout=0',
  '--idle-timeout=0',
  '--keepalive-time=0',
  '--keepalive-timeout=0.5',
  '--min-ping-interval=0',
  '--send-timeout=2.5',
];
const LIMIT_ENV = {
  FLIC_MAX_PENDING_BYTES: '1048576',
  FLIC_MAX_HEAVY_CALLS: '3',
  FLIC_MAX_QUEUED_HEAVY_CALLS: '0',
  FLIC_METRICS_MIN_INTERVAL: '0.25',
  FLIC_MAX_CONNECTIONS: '10',
  FLIC_MAX_CONCURRENT_STREAMS: '8',
  FLIC_HANDSHAKE_TIMEOUT: '0',
  FLIC_IDLE_TIMEOUT: '0',
  FLIC_KEEPALIVE_TIME: '0',
  FLIC_KEEPALIVE_TIMEOUT: '0.5',
  FLIC_MIN_PING_INTERVAL: '0',
  FLIC_SEND_TIMEOUT: '2.5',
};

/** Flags without a default: absent means off (docs/security.md). */
const OPTIONAL_FLAGS: readonly (readonly [flag: string, env: string])[] = [
  ['--tls-cert', 'FLIC_TLS_CERT'],
  ['--tls-key', 'FLIC_TLS_KEY'],
  ['--tls-client-ca', 'FLIC_TLS_CLIENT_CA'],
  ['--authz-file', 'FLIC_AUTHZ_FILE'],
  ['--health-port', 'FLIC_HEALTH_PORT'],
  ['--state-dir', 'FLIC_STATE_DIR'],
];

const SECURITY_DEFAULTS = {
  tlsCert: null,
  tlsKey: null,
  tlsClientCa: null,
  authzFile: null,
  reloadIntervalSeconds: 10,
  metricsTls: false,
  healthPort: null,
  healthHost: '0.0.0.0',
};

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('FLIC_')) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

function parse(argv: string[], env: Record<string, string> = {}): { result: ConfigResult; out: string; err: string } {
  for (const key of Object.keys(process.env)) if (key.startsWith('FLIC_')) delete process.env[key];
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const result = parseConfig(argv, {
    writeOut: (s) => {
      out += s;
    },
    writeErr: (s) => {
      err += s;
    },
  });
  return { result, out, err };
}

function config(argv: string[], env: Record<string, string> = {}): ServiceConfig {
  const { result, err } = parse(argv, env);
  if (result.kind !== 'run') throw new Error(`expected a configuration, got exit ${result.exitCode}: ${err}`);
  return result.config;
}

describe('configuration', () => {
  it('runs with no configuration at all, on the documented defaults', () => {
    expect(config([])).toEqual(DEFAULT_SERVICE_CONFIG);
    expect(DEFAULT_SERVICE_CONFIG).toEqual({
      host: '0.0.0.0',
      port: 50051,
      metricsHost: '0.0.0.0',
      metricsPort: 9464,
      metricsMaxVms: 1000,
      maxVms: 100_000,
      logLevel: 'info',
      shutdownGraceSeconds: 10,
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
      stateDir: null,
      stateCompactMiB: 64,
      ...SECURITY_DEFAULTS,
    });
  });

  it('reads every flag', () => {
    expect(
      config([
        '--host=127.0.0.1',
        '--port',
        '0',
        '--metrics-host',
        '::1',
        '--metrics-port=0',
        '--metrics-max-vms',
        '0',
        '--max-vms',
        '7',
        '--log-level',
        'debug',
        '--shutdown-grace',
        '0.5',
        ...LIMIT_FLAGS,
        '--tls-cert',
        'c.pem',
        '--tls-key=k.pem',
        '--tls-client-ca',
        'ca.pem',
        '--authz-file',
        'authz.yaml',
        '--reload-interval',
        '0.25',
        '--metrics-tls',
        'true',
        '--health-port',
        '50052',
        '--health-host',
        '127.0.0.1',
        '--state-dir',
        '/var/lib/flic/state',
        '--state-compact-mib=8',
      ]),
    ).toEqual({
      ...LIMITS_SET,
      host: '127.0.0.1',
      port: 0,
      metricsHost: '::1',
      metricsPort: 0,
      metricsMaxVms: 0,
      maxVms: 7,
      logLevel: 'debug',
      shutdownGraceSeconds: 0.5,
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
      tlsClientCa: 'ca.pem',
      authzFile: 'authz.yaml',
      reloadIntervalSeconds: 0.25,
      metricsTls: true,
      healthPort: 50052,
      healthHost: '127.0.0.1',
      stateDir: '/var/lib/flic/state',
      stateCompactMiB: 8,
    });
  });

  it('reads every FLIC_* variable, and a flag wins over its variable', () => {
    const env = {
      FLIC_HOST: '127.0.0.2',
      FLIC_PORT: '6000',
      FLIC_METRICS_HOST: '127.0.0.3',
      FLIC_METRICS_PORT: '6001',
      FLIC_METRICS_MAX_VMS: '5',
      FLIC_MAX_VMS: '9',
      FLIC_LOG_LEVEL: 'warn',
      FLIC_SHUTDOWN_GRACE: '3',
      ...LIMIT_ENV,
      FLIC_TLS_CERT: '/tls/tls.crt',
      FLIC_TLS_KEY: '/tls/tls.key',
      FLIC_TLS_CLIENT_CA: '/tls/ca.crt',
      FLIC_AUTHZ_FILE: '/authz/authz.yaml',
      FLIC_RELOAD_INTERVAL: '30',
      FLIC_METRICS_TLS: 'true',
      FLIC_HEALTH_PORT: '50052',
      FLIC_HEALTH_HOST: '127.0.0.4',
      FLIC_STATE_DIR: '/state',
      FLIC_STATE_COMPACT_MIB: '128',
    };
    expect(config([], env)).toEqual({
      ...LIMITS_SET,
      host: '127.0.0.2',
      port: 6000,
      metricsHost: '127.0.0.3',
      metricsPort: 6001,
      metricsMaxVms: 5,
      maxVms: 9,
      logLevel: 'warn',
      shutdownGraceSeconds: 3,
      tlsCert: '/tls/tls.crt',
      tlsKey: '/tls/tls.key',
      tlsClientCa: '/tls/ca.crt',
      authzFile: '/authz/authz.yaml',
      reloadIntervalSeconds: 30,
      metricsTls: true,
      healthPort: 50052,
      healthHost: '127.0.0.4',
      stateDir: '/state',
      stateCompactMiB: 128,
    });
    expect(config(['--port', '7000', '--log-level', 'error'], env)).toMatchObject({ port: 7000, logLevel: 'error', maxVms: 9 });
  });

  it.each([
    ['--port', 'abc'],
    ['--port', '65536'],
    ['--port', '-1'],
    ['--port', '1.5'],
    ['--port', ''],
    ['--metrics-port', '70000'],
    ['--metrics-max-vms', '-1'],
    ['--metrics-max-vms', 'lots'],
    ['--max-vms', '0'],
    ['--log-level', 'loud'],
    ['--shutdown-grace', '-1'],
    ['--shutdown-grace', 'soon'],
    ['--shutdown-grace', '100000'],
    ['--host', ' '],
    ['--metrics-host', 'a b'],
    ['--max-pending-bytes', '0'],
    ['--max-pending-bytes', '9007199254740992'],
    ['--max-heavy-calls', '0'],
    ['--max-queued-heavy-calls', '-1'],
    ['--max-connections', '0'],
    ['--max-concurrent-streams', '0'],
    ['--max-concurrent-streams', '2147483648'],
    ['--keepalive-timeout', '0'],
    ['--send-timeout', '86401'],
    ['--handshake-timeout', '-1'],
    // Only plain decimal integers (issue 12): hex, exponents, signs and fractions are typos.
    ['--port', '0x1F90'],
    ['--port', '+8080'],
    ['--max-vms', '1e3'],
    ['--metrics-max-vms', '1000.0'],
    ['--shutdown-grace', '1e1'],
    ['--shutdown-grace', '.5'],
    // Hosts are checked before anything binds.
    ['--host', '999.1.1.1'],
    ['--host', '10.0.0'],
    ['--host', '::g'],
    ['--metrics-host', 'under_score.example'],
    ['--host', '-leading.example'],
    ['--reload-interval', '0.05'],
    ['--reload-interval', '7200'],
    ['--metrics-tls', 'yes'],
    ['--health-port', '65536'],
    ['--tls-cert', ''],
    ['--state-compact-mib', '0'],
    ['--state-compact-mib', '65537'],
  ])('stops on %s %j with a message naming the flag (exit 2)', (flag, value) => {
    const { result, err } = parse([flag, value]);
    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
    expect(err).toContain(`option '${flag} <`);
    expect(err).toContain(`'${value}'`);
  });

  it.each([
    ['FLIC_MAX_VMS', '1e3'],
    ['FLIC_PORT', '0x1F90'],
  ])('stops on %s=%s, which is not a decimal integer (exit 2)', (env, value) => {
    const { result, err } = parse([], { [env]: value });
    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
    expect(err).toContain('Expected a decimal integer');
  });

  it('accepts addresses and names: IPv4, IPv6 with or without brackets, localhost, a DNS name', () => {
    expect(config(['--host', '127.0.0.1']).host).toBe('127.0.0.1');
    expect(config(['--host', '::1']).host).toBe('::1');
    expect(config(['--host', '[::]']).host).toBe('::');
    expect(config(['--metrics-host', 'localhost']).metricsHost).toBe('localhost');
    expect(config(['--host', 'flic-0.flic.sim.svc.cluster.local']).host).toBe('flic-0.flic.sim.svc.cluster.local');
    expect(config(['--shutdown-grace', '0.5']).shutdownGraceSeconds).toBe(0.5);
  });

  it.each(FLAGS.map(([flag, env]) => [flag, env] as const))('stops on a bad %s given as %s (exit 2)', (flag, env) => {
    const bad = flag.endsWith('host') ? 'no such host' : 'bogus';
    const { result, err } = parse([], { [env]: bad });
    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
    expect(err).toContain(`option '${flag} <`);
    expect(err).toContain(`from env '${env}'`);
  });

  it('leaves the pending-interrupt budget to the memory limit unless it is given', () => {
    expect(config([]).maxPendingBytes).toBeNull();
    const { out } = parse(['--help']);
    expect(out.replace(/\s+/g, ' ')).toContain('--max-pending-bytes <bytes> Bytes the pending interrupts of all VMs may hold');
    expect(config([], { FLIC_MAX_PENDING_BYTES: '1' }).maxPendingBytes).toBe(1);
  });

  it.each([
    [['--tls-cert', 'c.pem'], '--tls-cert (FLIC_TLS_CERT) and --tls-key (FLIC_TLS_KEY) go together'],
    [['--tls-key', 'k.pem'], 'go together'],
    [['--tls-client-ca', 'ca.pem'], '--tls-client-ca (FLIC_TLS_CLIENT_CA) needs --tls-cert'],
    [['--metrics-tls', 'true'], '--metrics-tls (FLIC_METRICS_TLS) needs --tls-cert'],
    [['--health-port', '50051'], '--health-port (FLIC_HEALTH_PORT) must differ from --port and --metrics-port'],
    [['--health-port', '9464'], 'must differ'],
  ])('stops on %j, flags that go together (exit 2)', (argv, message) => {
    const { result, err } = parse(argv);
    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
    expect(err).toContain(message);
  });

  it('stops on an unknown flag and on stray arguments (exit 2)', () => {
    const unknown = parse(['--metrics-prot', '1']);
    expect(unknown.result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
    expect(unknown.err).toContain("unknown option '--metrics-prot'");
    expect(parse(['serve']).result).toEqual({ kind: 'exit', exitCode: EXIT_BAD_CONFIG });
  });

  it('--help lists every flag with its variable and default, and exits 0', () => {
    const { result, out } = parse(['--help']);
    expect(result).toEqual({ kind: 'exit', exitCode: 0 });
    const text = out.replace(/\s+/g, ' ');
    for (const [flag, env, defaultText] of FLAGS) {
      const at = text.indexOf(`${flag} <`);
      expect(at, flag).toBeGreaterThanOrEqual(0);
      const entry = text.slice(at, text.indexOf(')', text.indexOf(`env: ${env}`, at)) + 1);
      expect(entry, flag).toContain(`default: ${defaultText}`);
      expect(entry, flag).toContain(`env: ${env}`);
    }
    for (const [flag, env] of OPTIONAL_FLAGS) {
      const at = text.indexOf(`${flag} <`);
      expect(at, flag).toBeGreaterThanOrEqual(0);
      expect(text.slice(at, text.indexOf(')', text.indexOf(`env: ${env}`, at)) + 1), flag).not.toContain('default:');
    }
  });
});
