// ShardedFlicClient against three real servers on 127.0.0.1:0: routing, the merged ListVms, and
// errors coming back from the replica that holds the VM.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pickReplica } from '../../src/client/shard.js';
import { ShardedFlicClient } from '../../src/client/shardedClient.js';
import { KvmError, KVM_DEV_TYPE_FLIC, ioType, iscToIntWord } from '../../src/device/index.js';
import type { IoIrq } from '../../src/device/types.js';
import { startTestServer, type TestServer } from '../server/fixture.js';

const NAMES = ['flic-0', 'flic-1', 'flic-2'];

function ioIrq(n: number): IoIrq {
  return {
    kind: 'io',
    type: ioType(0, 0, n),
    subchannelId: 1,
    subchannelNr: n,
    ioIntParm: 0x1000 + n,
    ioIntWord: iscToIntWord(n % 8),
  };
}

let servers: TestServer[] = [];
let client: ShardedFlicClient;

beforeEach(async () => {
  servers = await Promise.all(NAMES.map(() => startTestServer()));
  client = new ShardedFlicClient(NAMES.map((name, i) => `${name}=${servers[i]?.target}`).join(','));
});

afterEach(async () => {
  client.close();
  await Promise.all(servers.map((s) => s.close()));
});

const serverOf = (name: string): TestServer => servers[NAMES.indexOf(name)] as TestServer;

describe('ShardedFlicClient', () => {
  it('creates each VM on the replica the shard function picks, and only there', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `vm-${i}`);
    for (const id of ids) await client.createVm(id);
    for (const [i, name] of NAMES.entries()) {
      const expected = ids.filter((id) => pickReplica(NAMES, id) === name).sort();
      expect(serverOf(name).flic.vms.listVms().sort(), name).toEqual(expected);
      expect(client.replicas[i]?.name).toBe(name);
    }
    expect(client.replicaFor('vm-0')).toEqual({ name: pickReplica(NAMES, 'vm-0'), address: serverOf(pickReplica(NAMES, 'vm-0')).target });
  });

  it('routes FLIC calls to the VM and reads back what was enqueued', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const [n, id] of ids.entries()) {
      await client.createVm(id, { ais: true });
      expect(await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC)).toBe(true);
      await client.vm(id).enqueue([ioIrq(n)]);
    }
    for (const [n, id] of ids.entries()) {
      expect(await client.vm(id).getAllIrqs(4096n)).toEqual([ioIrq(n)]);
      expect((await client.vm(id).inspect()).config.ais).toBe(true);
    }
  });

  it('lists every replica VMs once, sorted', async () => {
    for (const id of ['z', 'm', 'a']) await client.createVm(id);
    // A VM that exists on a replica the map does not pick (as after a scale) is listed once.
    const elsewhere = NAMES.find((n) => n !== pickReplica(NAMES, 'm')) as string;
    await client.replica(elsewhere).createVm('m');
    expect(await client.listVms()).toEqual(['a', 'm', 'z']);
  });

  it('deletes on the right replica and reports device errors from it', async () => {
    await client.createVm('vm-x');
    await expect(client.createVm('vm-x')).rejects.toMatchObject({ errnoName: 'EEXIST' });
    await client.deleteVm('vm-x');
    expect(serverOf(pickReplica(NAMES, 'vm-x')).flic.vms.listVms()).toEqual([]);
    const err = await client.vm('vm-x').getAllIrqs(72n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KvmError);
    expect(err).toMatchObject({ errnoName: 'ENOENT' });
    await expect(client.deleteVm('vm-x')).rejects.toMatchObject({ errnoName: 'ENOENT' });
  });

  it('fails ListVms when a replica is down rather than returning part of the farm', async () => {
    await client.createVm('vm-1');
    await serverOf('flic-1').close();
    await expect(client.listVms()).rejects.toThrow();
  });

  it('waits for every replica and names unknown replicas', async () => {
    await client.waitForReady(Date.now() + 10_000);
    expect(() => client.replica('flic-9')).toThrow(/no replica named "flic-9"/);
  });

  it('builds the same replica names from a StatefulSet as from the explicit list', () => {
    const sts = new ShardedFlicClient({ statefulSet: 'flic', service: 'flic', count: 3, namespace: 'farm' });
    try {
      expect(sts.replicas.map((r) => r.name)).toEqual(NAMES);
      expect(sts.replicas.map((r) => r.address)).toEqual(NAMES.map((n) => `${n}.flic.farm.svc:50051`));
      for (const id of ['vm-0', 'vm-1', 'guest-42']) expect(sts.replicaFor(id).name).toBe(client.replicaFor(id).name);
    } finally {
      sts.close();
    }
  });
});
