// A loopback farm of real processes with state directories (issue 14): three replicas hold 1,000
// VMs; a fourth joins and `flicctl rebalance` (the built executable) moves exactly the VMs it now
// owns; one replica is killed with SIGKILL and restarted on its directory. No VM is lost, each is
// on its owner only, and every VM's GET_ALL_IRQS and exported state are what they were before.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { pickReplica } from '../../src/client/shard.js';
import { ShardedFlicClient } from '../../src/client/shardedClient.js';
import { KVM_DEV_TYPE_FLIC, KVM_S390_FLIC_MAX_BUFFER, type Irq } from '../../src/device/index.js';
import { REPO } from '../deploy/manifests.js';
import { startServerProcess, type ServerProcess } from '../deploy/serverProcess.js';
import { CONFIGS, applyStateOp, randomOps } from '../support/stateOps.js';

const FLICCTL = path.join(REPO, 'dist', 'src', 'client', 'flicctl.js');
const OLD = ['flic-0', 'flic-1', 'flic-2'];
const NEW = [...OLD, 'flic-3'];
const IDS = Array.from({ length: 1000 }, (_, i) => `vm-${String(i).padStart(4, '0')}`);
const CONCURRENCY = 40;
/** Configurations without a GISA: reading GET_ALL_IRQS twice must give the same records. */
const FARM_CONFIGS = CONFIGS.filter(([, c]) => c.gisa !== true).map(([, c]) => c);

const root = mkdtempSync(path.join(tmpdir(), 'flic-farm-'));
const dirOf = (name: string): string => path.join(root, name);
const procs = new Map<string, ServerProcess>();
const spec = (names: readonly string[]): string => names.map((n) => `${n}=${procs.get(n)!.target}`).join(',');

async function startReplica(name: string): Promise<void> {
  procs.set(name, await startServerProcess({ env: { FLIC_STATE_DIR: dirOf(name) } }));
}

async function forEachVm(fn: (id: string, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < IDS.length; i += CONCURRENCY) await Promise.all(IDS.slice(i, i + CONCURRENCY).map((id, k) => fn(id, i + k)));
}

function flicctl(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [FLICCTL, ...args], { cwd: root, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

afterAll(async () => {
  await Promise.all([...procs.values()].map((p) => p.stop('SIGKILL')));
  rmSync(root, { recursive: true, force: true });
});

describe('a farm of replicas with state directories', () => {
  const before = new Map<string, { irqs: Irq[]; state: Uint8Array }>();

  it('holds 1,000 VMs of mixed state on three replicas', async () => {
    for (const name of OLD) await startReplica(name);
    const farm = new ShardedFlicClient(spec(OLD));
    try {
      await forEachVm(async (id, i) => {
        const config = FARM_CONFIGS[i % FARM_CONFIGS.length]!;
        await farm.createVm(id, config);
        if (i % 9 === 0) return;
        await farm.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
        for (const op of randomOps(config, i, 5)) await applyStateOp(farm.vm(id), op);
      });
      await forEachVm(async (id, i) => {
        const irqs = i % 9 === 0 ? [] : await farm.vm(id).getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER));
        before.set(id, { irqs, state: await farm.exportVm(id) });
      });
      expect(await farm.listVms()).toEqual(IDS);
    } finally {
      farm.close();
    }
  });

  it('grows to four replicas with flicctl rebalance, moving exactly the VMs the new one owns', async () => {
    await startReplica('flic-3');
    const run = await flicctl(['--json', 'rebalance', '--from', spec(OLD), '--to', spec(NEW)]);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { vms: number; moved: number; stayed: number; failed: unknown[] };
    const moving = IDS.filter((id) => pickReplica(OLD, id) !== pickReplica(NEW, id));
    expect(summary).toEqual({ vms: 1000, stayed: 1000 - moving.length, moved: moving.length, resumed: 0, gone: 0, planned: 0, failed: [] });
    expect(moving.length / IDS.length).toBeGreaterThan(0.2);
    expect(run.stderr.trim().split('\n')).toHaveLength(moving.length);
    // A second run finds nothing to do.
    const again = await flicctl(['--json', 'rebalance', '--from', spec(OLD), '--to', spec(NEW)]);
    expect(JSON.parse(again.stdout)).toMatchObject({ moved: 0, stayed: 1000, failed: [] });
  });

  it('loses no VM when a replica is killed with SIGKILL and restarted on its directory', async () => {
    const victim = 'flic-1';
    await procs.get(victim)!.stop('SIGKILL');
    await startReplica(victim);
    const farm = new ShardedFlicClient(spec(NEW));
    try {
      for (const name of NEW) {
        const own = new FlicClient(procs.get(name)!.target);
        try {
          expect((await own.listVms()).sort(), name).toEqual(IDS.filter((id) => pickReplica(NEW, id) === name));
        } finally {
          own.close();
        }
      }
      await forEachVm(async (id, i) => {
        const was = before.get(id)!;
        expect(Buffer.from(await farm.exportVm(id)).equals(Buffer.from(was.state)), id).toBe(true);
        if (i % 9 !== 0) expect(await farm.vm(id).getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER)), id).toEqual(was.irqs);
      });
    } finally {
      farm.close();
    }
  });
});
