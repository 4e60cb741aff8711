// A farm on loopback: three built server processes and a ShardedFlicClient. 1,000 VMs are created,
// each gets its own I/O interrupt and reads it back through the client; the replicas' own ListVms
// answers partition the VMs; a fourth replica takes about a quarter of them, and only those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { pickReplica } from '../../src/client/shard.js';
import { ShardedFlicClient } from '../../src/client/shardedClient.js';
import { KVM_DEV_TYPE_FLIC, ioType, iscToIntWord } from '../../src/device/index.js';
import type { IoIrq } from '../../src/device/types.js';
import { startServerProcess, type ServerProcess } from '../deploy/serverProcess.js';

const NAMES = ['flic-0', 'flic-1', 'flic-2'];
const VM_COUNT = 1000;
const IDS = Array.from({ length: VM_COUNT }, (_, i) => `vm-${String(i).padStart(4, '0')}`);
// Calls in flight at once: enough to keep three servers busy, few enough to stay polite.
const CONCURRENCY = 50;

/** A different I/O interrupt for each VM: its own subchannel, parameter and ISC. */
function ioIrq(i: number): IoIrq {
  return {
    kind: 'io',
    type: ioType(0, 0, i),
    subchannelId: 1,
    subchannelNr: i,
    ioIntParm: 0xf1c00000 + i,
    ioIntWord: iscToIntWord(i % 8),
  };
}

async function forEachVm(fn: (id: string, i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < IDS.length; start += CONCURRENCY) {
    await Promise.all(IDS.slice(start, start + CONCURRENCY).map((id, k) => fn(id, start + k)));
  }
}

const spec = (procs: readonly ServerProcess[], names: readonly string[]): string =>
  names.map((name, i) => `${name}=${procs[i]?.target}`).join(',');

let procs: ServerProcess[] = [];
let client: ShardedFlicClient;
const direct: FlicClient[] = [];

beforeAll(async () => {
  procs = await Promise.all(NAMES.map(() => startServerProcess()));
  client = new ShardedFlicClient(spec(procs, NAMES));
  direct.push(...procs.map((p) => new FlicClient(p.target)));
});

afterAll(async () => {
  client?.close();
  for (const c of direct) c.close();
  await Promise.all(procs.map((p) => p.stop('SIGKILL')));
});

describe('a farm of three server processes', () => {
  it('creates 1,000 VMs, enqueues to each and reads each back through the sharded client', async () => {
    await forEachVm(async (id, i) => {
      await client.createVm(id);
      await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
      await client.vm(id).enqueue([ioIrq(i)]);
    });
    await forEachVm(async (id, i) => {
      expect(await client.vm(id).getAllIrqs(4096n), id).toEqual([ioIrq(i)]);
    });
    expect(await client.listVms()).toEqual(IDS);
  });

  it('the replicas own disjoint sets of VMs that cover all 1,000, about a third each', async () => {
    const lists = await Promise.all(direct.map((c) => c.listVms()));
    const all = lists.flat();
    expect(all.length).toBe(VM_COUNT);
    expect(new Set(all).size).toBe(VM_COUNT);
    for (const [r, list] of lists.entries()) {
      const name = NAMES[r] as string;
      expect([...list].sort(), name).toEqual(IDS.filter((id) => pickReplica(NAMES, id) === name));
      expect(list.length, name).toBeGreaterThanOrEqual(Math.floor((VM_COUNT / 3) * 0.8));
      expect(list.length, name).toBeLessThanOrEqual(Math.ceil((VM_COUNT / 3) * 1.2));
    }
  });

  it('a fourth replica takes 20-30% of the VMs, moves none among the first three, and starts empty', async () => {
    const four = [...NAMES, 'flic-3'];
    const moved = IDS.filter((id) => pickReplica(four, id) !== pickReplica(NAMES, id));
    expect(moved.every((id) => pickReplica(four, id) === 'flic-3')).toBe(true);
    expect(moved.length / VM_COUNT).toBeGreaterThanOrEqual(0.2);
    expect(moved.length / VM_COUNT).toBeLessThanOrEqual(0.3);

    const fourth = await startServerProcess();
    procs.push(fourth);
    const grown = new ShardedFlicClient(spec(procs, four));
    try {
      const movedSet = new Set(moved);
      for (const id of IDS.filter((_, i) => i % 10 === 0)) {
        const i = IDS.indexOf(id);
        if (movedSet.has(id)) {
          // Without a rebalance (test/e2e/farmRebalance.test.ts) a VM does not follow its owner.
          await expect(grown.vm(id).getAllIrqs(4096n), id).rejects.toMatchObject({ errnoName: 'ENOENT' });
        } else {
          expect(await grown.vm(id).getAllIrqs(4096n), id).toEqual([ioIrq(i)]);
        }
      }
      // The old VMs are still listed (by the replicas that hold them), and only once.
      expect(await grown.listVms()).toEqual(IDS);
    } finally {
      grown.close();
    }
  });

  it('each replica stops cleanly on SIGTERM', async () => {
    for (const c of direct) c.close();
    client.close();
    const exits = await Promise.all(procs.map((p) => p.stop('SIGTERM')));
    expect(exits).toEqual(procs.map(() => ({ code: 0, signal: null })));
  });
});
