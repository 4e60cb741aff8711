// The state directory with the built server started as a process (issue 14): a SIGTERM restart and
// a SIGKILL right after the last acknowledged call both come back identical to in-process twins;
// a torn journal tail is dropped with a log line; other damage stops the start naming the file; a
// second process on the directory is refused; a restart brings back 1,000 VMs of mixed state.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { SERVER_MAIN } from '../deploy/serverHelp.js';
import { EPHEMERAL_ENV, logLines, startServerProcess, type ServerProcess } from '../deploy/serverProcess.js';
import { mixedConfig, randomOps } from '../support/stateOps.js';
import { TwinFarm } from '../support/twinFarm.js';
import { OPEN } from '../support/deliveryVectors.js';
import { ioIrqs } from '../support/workload.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/abi/index.js';

const dirs: string[] = [];
const procs: ServerProcess[] = [];
const clients: FlicClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'flic-state-'));
  dirs.push(d);
  return d;
}

async function start(dir: string, env: Record<string, string> = {}): Promise<{ proc: ServerProcess; client: FlicClient }> {
  const proc = await startServerProcess({ env: { FLIC_STATE_DIR: dir, ...env } });
  procs.push(proc);
  const client = new FlicClient(proc.target);
  clients.push(client);
  return { proc, client };
}

async function kill(proc: ServerProcess, client: FlicClient, signal: NodeJS.Signals): Promise<void> {
  const exit = await proc.stop(signal);
  client.close();
  if (signal === 'SIGTERM') expect(exit).toEqual({ code: 0, signal: null });
  else expect(exit.signal).toBe('SIGKILL');
}

/** Several VMs of mixed configurations, each driven by its own random calls, concurrently. */
async function busyFarm(client: FlicClient, twins: TwinFarm, vms: number, callsPerVm: number, seed: number): Promise<void> {
  await Promise.all(
    Array.from({ length: vms }, async (_, i) => {
      const id = `vm-${seed}-${i}`;
      const config = mixedConfig(i);
      await twins.create(client, id, config, true);
      for (const op of randomOps(config, seed * 1000 + i, callsPerVm)) await twins.apply(client, id, op);
    }),
  );
}

function journalFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('journal-')).sort();
}

describe('a server with a state directory', () => {
  it('comes back identical after SIGTERM (from its final snapshot)', async () => {
    const dir = stateDir();
    const twins = new TwinFarm();
    let { proc, client } = await start(dir);
    await busyFarm(client, twins, 13, 40, 1);
    await twins.create(client, 'no-flic', { ais: true }, false);
    await kill(proc, client, 'SIGTERM');
    const stopped = logLines(proc.output()).find((l) => l.msg === 'flic stopped');
    expect(stopped).toMatchObject({ vmsDiscarded: 0, vmsSaved: 14 });
    ({ proc, client } = await start(dir));
    expect(logLines(proc.output()).find((l) => l.msg === 'flic state restored')).toMatchObject({ vms: 14, entries: 0 });
    await twins.expectSame(client);
    await twins.expectSameGetAll(client);
    await twins.expectSame(client);
  });

  it('comes back identical after SIGKILL right after the last acknowledged call', async () => {
    const dir = stateDir();
    const twins = new TwinFarm();
    let { proc, client } = await start(dir);
    await busyFarm(client, twins, 26, 60, 2);
    // A vCPU that waits, and the ENQUEUE that wakes it: both are changes, in the order they happened.
    await twins.create(client, 'waiter', {}, true);
    const waiting = client.vm('waiter').deliver({ ...OPEN, cpuId: 4 }, { waitMs: 20_000 });
    await new Promise((r) => setTimeout(r, 100));
    await twins.apply(client, 'waiter', { op: 'enqueue', raw: true, records: new Uint8Array(72) });
    expect((await waiting).interruptClass).toBe('io');
    twins.twins.vm('waiter').beginWait(4);
    twins.twins.vm('waiter').deliver({ ...OPEN, cpuId: 4 });
    await kill(proc, client, 'SIGKILL');
    ({ proc, client } = await start(dir));
    expect(logLines(proc.output()).find((l) => l.msg === 'flic state restored')).toMatchObject({ vms: 27 });
    await twins.expectSame(client);
    await twins.expectSameGetAll(client);
    // The restart compacted the journal it replayed; a second SIGKILL loses nothing either.
    await busyFarm(client, twins, 5, 20, 3);
    await kill(proc, client, 'SIGKILL');
    ({ proc, client } = await start(dir));
    await twins.expectSame(client);
  });

  it('drops a torn last journal record with a log line, and keeps everything before it', async () => {
    const dir = stateDir();
    const twins = new TwinFarm();
    let { proc, client } = await start(dir);
    await busyFarm(client, twins, 4, 30, 4);
    await kill(proc, client, 'SIGKILL');
    const last = path.join(dir, journalFiles(dir).at(-1)!);
    // A record whose header claims 200 bytes, of which 37 made it before the crash.
    const torn = Buffer.alloc(8 + 37, 0xab);
    torn.writeUInt32BE(200, 0);
    appendFileSync(last, torn);
    ({ proc, client } = await start(dir));
    const warning = logLines(proc.output()).find((l) => l.level === 'warn' && /torn last journal record dropped/.test(String(l.msg)));
    expect(warning).toMatchObject({ file: path.basename(last), droppedBytes: 45 });
    await twins.expectSame(client);
  });

  it('restores every acknowledged interrupt past a budget that shrank, then refuses new ones with ENOMEM', async () => {
    const dir = stateDir();
    let { proc, client } = await start(dir);
    await client.createVm('big');
    await client.vm('big').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('big').enqueue(ioIrqs(20_000));
    await kill(proc, client, 'SIGKILL');
    ({ proc, client } = await start(dir, { FLIC_MAX_PENDING_BYTES: '100000' }));
    const warning = logLines(proc.output()).find((l) => /more pending interrupts than the budget/.test(String(l.msg)));
    expect(warning).toMatchObject({ level: 'warn', maxPendingBytes: 100000 });
    expect(Number(warning?.['pendingBytes'])).toBeGreaterThan(100000);
    expect((await client.vm('big').inspect()).depths.total).toBe(20_000);
    const err = await client.vm('big').enqueue(ioIrqs(1, 30_000)).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ errnoName: 'ENOMEM' });
  });

  it('refuses to start, naming the file, when a journal record before the last is damaged', async () => {
    const dir = stateDir();
    const twins = new TwinFarm();
    const { proc, client } = await start(dir);
    await busyFarm(client, twins, 2, 30, 5);
    await kill(proc, client, 'SIGKILL');
    const file = journalFiles(dir).at(-1)!;
    const bytes = readFileSync(path.join(dir, file));
    bytes[20]! ^= 0xff;
    writeFileSync(path.join(dir, file), bytes);
    const run = spawnSync(process.execPath, [SERVER_MAIN], { env: { PATH: process.env.PATH ?? '', ...EPHEMERAL_ENV, FLIC_STATE_DIR: dir }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    const fatal = logLines(run.stdout).find((l) => l.level === 'fatal');
    expect(JSON.stringify(fatal)).toContain(file);
    expect(JSON.stringify(fatal)).toMatch(/fails its CRC-32C, and data follows it/);
    expect(logLines(run.stdout).some((l) => l.msg === 'flic listening')).toBe(false);
  });

  it('refuses a second process on the same directory, and takes over once the first died', async () => {
    const dir = stateDir();
    const { proc, client } = await start(dir);
    await client.createVm('kept');
    const run = spawnSync(process.execPath, [SERVER_MAIN], { env: { PATH: process.env.PATH ?? '', ...EPHEMERAL_ENV, FLIC_STATE_DIR: dir }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/is in use by another flic process/);
    expect(run.stdout).not.toMatch(/flic listening/);
    await kill(proc, client, 'SIGKILL');
    const again = await start(dir);
    expect(await again.client.listVms()).toEqual(['kept']);
  });

  it('restarts with 1,000 VMs of mixed state', async () => {
    const dir = stateDir();
    const twins = new TwinFarm();
    let { proc, client } = await start(dir);
    const ids = Array.from({ length: 1000 }, (_, i) => `guest-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids.slice(i, i + 50).map(async (id, k) => {
          const n = i + k;
          const config = mixedConfig(n);
          await twins.create(client, id, config, n % 7 !== 0);
          if (n % 7 === 0) return;
          for (const op of randomOps(config, n, 4)) await twins.apply(client, id, op);
        }),
      );
    }
    await kill(proc, client, 'SIGKILL');
    ({ proc, client } = await start(dir));
    const restored = logLines(proc.output()).find((l) => l.msg === 'flic state restored');
    expect(restored).toMatchObject({ vms: 1000 });
    await twins.expectSame(client);
    const metrics = await (await fetch(`http://127.0.0.1:${proc.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^flic_state_restored_vms 1000$/m);
  });
});
