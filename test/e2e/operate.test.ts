// The built service started as a process (dist/src/server/main.js), the way an operator runs it:
// its configuration errors and exit codes, its JSON log lines, and a clean stop on a signal.

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, iscToIntWord, ioType } from '../../src/device/abi/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO, 'dist', 'src', 'server', 'main.js');
const LOOPBACK_ENV = { FLIC_HOST: '127.0.0.1', FLIC_PORT: '0', FLIC_METRICS_HOST: '127.0.0.1', FLIC_METRICS_PORT: '0' };

interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

interface Flic {
  readonly child: ChildProcess;
  readonly port: number;
  readonly metricsPort: number;
  lines(): LogLine[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', ...extra };
}

/** Starts the server; resolves once it logged "flic listening". */
function startFlicProcess(args: string[] = [], env: Record<string, string> = {}): Promise<Flic> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: baseEnv({ ...LOOPBACK_ENV, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = (): LogLine[] =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const listening = lines().find((l) => l.msg === 'flic listening');
      if (listening !== undefined) {
        resolve({
          child,
          port: listening['port'] as number,
          metricsPort: listening['metricsPort'] as number,
          lines,
          stderr: () => err,
          exited,
        });
      }
    });
    void exited.then(({ code }) => reject(new Error(`flic exited with ${code} before listening:\n${out}${err}`)));
  });
}

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: baseEnv({ ...LOOPBACK_ENV, ...env }), encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test builds first)`);
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('flic as a process: configuration', () => {
  it('--help lists every flag with its default and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--metrics-host',
      '--metrics-port',
      '--metrics-max-vms',
      '--max-vms',
      '--log-level',
      '--shutdown-grace',
      '--max-pending-bytes',
      '--max-heavy-calls',
      '--max-queued-heavy-calls',
      '--metrics-min-interval',
      '--max-connections',
      '--max-concurrent-streams',
      '--handshake-timeout',
      '--idle-timeout',
      '--keepalive-time',
      '--keepalive-timeout',
      '--min-ping-interval',
      '--send-timeout',
      '--tls-cert',
      '--tls-key',
      '--tls-client-ca',
      '--authz-file',
      '--reload-interval',
      '--metrics-tls',
      '--health-port',
      '--health-host',
      '--state-dir',
      '--state-compact-mib',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    // Every flag but --max-pending-bytes (its default depends on the memory limit: its text says
    // so), the TLS and authorization files, --health-port and --state-dir (absent means off).
    expect(r.stdout.match(/default:/g)?.length).toBe(23);
  });

  it('a bad flag stops it with exit 2 and a message naming the flag', () => {
    const r = run(['--metrics-port', 'ninety']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("option '--metrics-port <port>' argument 'ninety' is invalid");
    expect(r.stdout).toBe('');
  });

  it('a bad FLIC_* variable stops it with exit 2 and a message naming the flag and the variable', () => {
    const r = run([], { FLIC_SHUTDOWN_GRACE: 'later' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("option '--shutdown-grace <seconds>' value 'later' from env 'FLIC_SHUTDOWN_GRACE' is invalid");
  });

  it('a port it cannot bind stops it with exit 1 and a fatal log line', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const r = run([], { FLIC_METRICS_PORT: String(port) });
      expect(r.status).toBe(1);
      const fatal = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine)
        .find((l) => l.level === 'fatal');
      expect(fatal?.msg).toBe('flic failed to start');
      expect(JSON.stringify(fatal)).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });
});

describe('flic as a process: logs and stop', () => {
  it('logs start (with the configuration), listening and stop as JSON; no line per call at info', async () => {
    const flic = await startFlicProcess(['--metrics-max-vms', '7'], { FLIC_MAX_VMS: '50' });
    const client = new FlicClient(`127.0.0.1:${flic.port}`);
    try {
      await client.createVm('vm-1');
      await client.vm('vm-1').createDevice(KVM_DEV_TYPE_FLIC);
      for (let i = 0; i < 20; i++) {
        await client.vm('vm-1').enqueue([
          { kind: 'io', type: ioType(0, 0, 1), subchannelId: 0, subchannelNr: 1, ioIntParm: i, ioIntWord: iscToIntWord(2) },
        ]);
      }
      await expect(client.createVm('vm-1')).rejects.toMatchObject({ errnoName: 'EEXIST' });
      await expect(client.vm('ghost').clearIrqs()).rejects.toMatchObject({ errnoName: 'ENOENT' });
    } finally {
      client.close();
    }
    flic.child.kill('SIGTERM');
    expect(await flic.exited).toEqual({ code: 0, signal: null });

    // Without --tls-cert and --authz-file the start says so, once each (docs/security.md).
    const warnings = flic.lines().filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.msg)).toEqual([
      'no --tls-cert: the gRPC port speaks plaintext',
      'no --authz-file: every call is allowed, from anyone who reaches the gRPC port',
    ]);
    const lines = flic.lines().filter((l) => l.level !== 'warn');
    expect(lines.map((l) => l.msg)).toEqual(['flic starting', 'flic listening', 'flic draining', 'flic stopped']);
    for (const l of [...lines, ...warnings]) {
      expect(l).toMatchObject({ service: 'flic', pid: flic.child.pid });
      expect(typeof l['time']).toBe('string');
    }
    for (const l of lines) expect(l.level).toBe('info');
    expect(lines[0]?.['config']).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      metricsHost: '127.0.0.1',
      metricsPort: 0,
      metricsMaxVms: 7,
      maxVms: 50,
      logLevel: 'info',
      shutdownGraceSeconds: 10,
      tlsCert: null,
      tlsKey: null,
      tlsClientCa: null,
      authzFile: null,
      reloadIntervalSeconds: 10,
      metricsTls: false,
      healthPort: null,
      healthHost: '0.0.0.0',
    });
    // The budget as resolved at start (from the cgroup memory limit, or the fixed default).
    expect(lines[0]?.['config']).toHaveProperty('maxPendingBytes', expect.any(Number));
    expect(lines[1]).toMatchObject({ address: `127.0.0.1:${flic.port}`, port: flic.port, metricsPort: flic.metricsPort });
    expect(lines[2]).toMatchObject({ reason: 'SIGTERM', inFlight: 0 });
    expect(lines[3]).toMatchObject({ reason: 'SIGTERM', forced: false, vmsDiscarded: 1 });
    expect(Object.keys(lines[3]?.['phasesMs'] as object)).toEqual(['drain', 'grpcClose', 'metricsClose']);
    expect(flic.stderr()).toBe('');
  });

  it('logs each device error at debug level', async () => {
    const flic = await startFlicProcess(['--log-level', 'debug']);
    const client = new FlicClient(`127.0.0.1:${flic.port}`);
    try {
      await expect(client.vm('ghost').clearIrqs()).rejects.toMatchObject({ errnoName: 'ENOENT' });
      await client.createVm('vm-1');
      await expect(client.vm('vm-1').getAllIrqs(0n)).rejects.toMatchObject({ errnoName: 'ENODEV' });
    } finally {
      client.close();
    }
    flic.child.kill('SIGINT');
    expect(await flic.exited).toEqual({ code: 0, signal: null });
    const errors = flic.lines().filter((l) => l.msg === 'device error');
    expect(errors).toEqual([
      expect.objectContaining({ level: 'debug', method: 'ClearIrqs', vmId: 'ghost', errno: 'ENOENT', errnoNumber: 2, group: 'VM' }),
      expect.objectContaining({ level: 'debug', method: 'GetAllIrqs', vmId: 'vm-1', errno: 'ENODEV', errnoNumber: 19 }),
    ]);
    expect(flic.lines().find((l) => l.msg === 'flic draining')).toMatchObject({ reason: 'SIGINT' });
  });

  it('a port in use stops the start with one JSON fatal line naming the reason once, and exit 1', async () => {
    const holder = await startFlicProcess();
    try {
      const second = run(['--port', String(holder.port)]);
      expect(second.status).toBe(1);
      // grpc-js's own log line is JSON too (it wrote `E No address added…` to stderr before).
      expect(second.stderr).toBe('');
      const lines = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as LogLine);
      const fatal = lines.find((l) => l.msg === 'flic failed to start');
      const message = (fatal?.['err'] as { message: string } | undefined)?.message ?? '';
      expect(message).toContain(`cannot listen on 127.0.0.1:${holder.port}`);
      expect(message.split('No address added').length - 1).toBe(1);
    } finally {
      holder.child.kill('SIGTERM');
      await holder.exited;
    }
  });

  it('serves /metrics on its own port while up', async () => {
    const flic = await startFlicProcess();
    const res = await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('flic_vms 0');
    flic.child.kill('SIGTERM');
    expect((await flic.exited).code).toBe(0);
  });
});
