// Quotas per principal on a real service (token identities; plaintext is enough here): VMs and
// pending interrupts at and one past their limits, each principal on its own, what frees room
// (delete, clear, a dequeue), the owner's quota charged whoever injects, concurrent calls that
// cannot pass a quota together, and the ENOSPC's ErrorInfo figures. A refused call takes nothing.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_FLIC_AIRQ_INJECT, KVM_DEV_FLIC_ENQUEUE, KVM_DEV_TYPE_FLIC, encodeIrqs } from '../../src/device/abi/index.js';
import { KvmError } from '../../src/device/errno.js';
import { ioIrq, ioIrqs, ioSchid } from '../support/workload.js';
import { startLoggedService, tempDir, type LoggedService } from './securityFixture.js';

const tmp = tempDir('flic-quota-');
const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const YAML = `version: 1
principals:
  - name: team-a
    identities: ["sha256:${sha('token-a')}"]
    vms: ["team-a/"]
    quota: { vms: 3, pendingInterrupts: 10 }
  - name: team-b
    identities: ["sha256:${sha('token-b')}"]
    vms: ["team-b/"]
    quota: { vms: 1 }
  - name: ops
    identities: ["sha256:${sha('token-ops')}"]
    admin: true
`;

let running: LoggedService;
let a: FlicClient;
let b: FlicClient;
let ops: FlicClient;

beforeAll(async () => {
  const file = join(tmp.dir, 'authz.yaml');
  writeFileSync(file, YAML);
  running = await startLoggedService({ authzFile: file, maxVms: 100 });
  a = new FlicClient(running.target, { token: 'token-a' });
  b = new FlicClient(running.target, { token: 'token-b' });
  ops = new FlicClient(running.target, { token: 'token-ops' });
});

afterAll(async () => {
  for (const c of [a, b, ops]) c.close();
  await running.service.stop();
  tmp.cleanup();
});

beforeEach(async () => {
  for (const id of await ops.listVms()) await ops.deleteVm(id);
});

async function failure(p: Promise<unknown>): Promise<KvmError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(KvmError);
  return err as KvmError;
}

async function vmWithFlic(client: FlicClient, id: string): Promise<void> {
  await client.createVm(id);
  await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
}

async function pending(id: string): Promise<number> {
  return (await ops.vm(id).inspect()).depths.total;
}

describe('the VM quota', () => {
  it('admits VMs up to the quota and refuses one more with ENOSPC and its figures', async () => {
    for (const i of [1, 2, 3]) await a.createVm(`team-a/${i}`);
    const err = await failure(a.createVm('team-a/4'));
    expect(err).toMatchObject({ errnoName: 'ENOSPC', group: 'CreateVm', metadata: { quotaVms: '3', vmsHeld: '3' } });
    expect(err.message).toBe('CreateVm: ENOSPC: team-a holds its quota of 3 VMs');
    expect((await a.listVms()).sort()).toEqual(['team-a/1', 'team-a/2', 'team-a/3']);
  });

  it('is per principal', async () => {
    await b.createVm('team-b/1');
    expect((await failure(b.createVm('team-b/2'))).metadata).toMatchObject({ quotaVms: '1', vmsHeld: '1' });
    for (const i of [1, 2, 3]) await a.createVm(`team-a/${i}`);
  });

  it('a deleted VM frees its place; a refused or failed creation takes none', async () => {
    for (const i of [1, 2]) await a.createVm(`team-a/${i}`);
    expect((await failure(a.createVm('team-a/1'))).errnoName).toBe('EEXIST');
    expect((await failure(a.createVm('team-a/has space'))).errnoName).toBe('EINVAL');
    await a.createVm('team-a/3');
    await a.deleteVm('team-a/2');
    await a.createVm('team-a/4');
    expect((await failure(a.createVm('team-a/5'))).errnoName).toBe('ENOSPC');
  });

  it('concurrent creations cannot pass it together', async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => a.createVm(`team-a/c${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as KvmError).errnoName === 'ENOSPC')).toBe(true);
  });
});

describe('the pending-interrupt quota', () => {
  it('admits interrupts up to the quota, over all the VMs of its principal, and refuses one more', async () => {
    await vmWithFlic(a, 'team-a/1');
    await vmWithFlic(a, 'team-a/2');
    await a.vm('team-a/1').enqueue(ioIrqs(6));
    await a.vm('team-a/2').enqueue(ioIrqs(4, 100));
    const err = await failure(a.vm('team-a/2').enqueue([ioIrq(200)]));
    expect(err).toMatchObject({
      errnoName: 'ENOSPC',
      group: 'Enqueue',
      metadata: { quotaPendingInterrupts: '10', pendingInterruptsHeld: '10', pendingInterruptsRequested: '1' },
    });
    expect(await pending('team-a/1')).toBe(6);
    expect(await pending('team-a/2')).toBe(4);
  });

  it('refuses a batch that could pass it whole, taking none of its records', async () => {
    await vmWithFlic(a, 'team-a/1');
    await a.vm('team-a/1').enqueue(ioIrqs(5));
    expect((await failure(a.vm('team-a/1').enqueue(ioIrqs(6, 50)))).metadata).toMatchObject({ pendingInterruptsRequested: '6' });
    expect(await pending('team-a/1')).toBe(5);
    await a.vm('team-a/1').enqueue(ioIrqs(5, 50));
    expect(await pending('team-a/1')).toBe(10);
  });

  it('counts every way of adding interrupts: raw ENQUEUE, AIRQ_INJECT (typed and raw), ReinjectIo', async () => {
    await vmWithFlic(a, 'team-a/1');
    const vm = a.vm('team-a/1');
    await vm.adapterRegister({ id: 1, isc: 3, maskable: false, swap: false, flags: 0 });
    await vm.enqueue(ioIrqs(9));
    const records = encodeIrqs(ioIrqs(2, 30));
    expect((await failure(vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(records.length), data: records, badAddr: false }))).group).toBe('SetDeviceAttr');
    await vm.airqInject(1n);
    expect(await pending('team-a/1')).toBe(10);
    expect((await failure(vm.airqInject(1n))).errnoName).toBe('ENOSPC');
    expect((await failure(vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_AIRQ_INJECT, attr: 1n, data: new Uint8Array(0), badAddr: false }))).errnoName).toBe('ENOSPC');
    const taken = await vm.tpi(0xff000000);
    expect(taken).not.toBeNull();
    expect(await pending('team-a/1')).toBe(9);
    await vm.reinjectIo(taken!);
    expect((await failure(vm.reinjectIo(taken!))).group).toBe('ReinjectIo');
    expect(await pending('team-a/1')).toBe(10);
  });

  it('room comes back when interrupts are cleared, taken, or their VM deleted', async () => {
    await vmWithFlic(a, 'team-a/1');
    await vmWithFlic(a, 'team-a/2');
    await a.vm('team-a/1').enqueue(ioIrqs(10));
    await a.vm('team-a/1').clearIrqs();
    await a.vm('team-a/2').enqueue(ioIrqs(10));
    expect((await failure(a.vm('team-a/1').enqueue([ioIrq(1)]))).errnoName).toBe('ENOSPC');
    expect(await a.vm('team-a/2').tsch(ioSchid(0))).not.toBeNull();
    await a.vm('team-a/1').enqueue([ioIrq(1)]);
    await a.deleteVm('team-a/2');
    await a.vm('team-a/1').enqueue(ioIrqs(9, 10));
    expect(await pending('team-a/1')).toBe(10);
  });

  it("charges the VM's owner whoever injects, and is per principal", async () => {
    await vmWithFlic(a, 'team-a/1');
    await ops.vm('team-a/1').enqueue(ioIrqs(7));
    expect((await failure(a.vm('team-a/1').enqueue(ioIrqs(4, 10)))).metadata).toMatchObject({ pendingInterruptsHeld: '7' });
    expect((await failure(ops.vm('team-a/1').enqueue(ioIrqs(4, 10)))).errnoName).toBe('ENOSPC');
    await vmWithFlic(b, 'team-b/1');
    await b.vm('team-b/1').enqueue(ioIrqs(50));
    expect(await pending('team-b/1')).toBe(50);
  });

  it('concurrent injections cannot pass it together', async () => {
    await vmWithFlic(a, 'team-a/1');
    await vmWithFlic(a, 'team-a/2');
    const calls = Array.from({ length: 24 }, (_, i) => a.vm(`team-a/${(i % 2) + 1}`).enqueue([ioIrq(i)]));
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(10);
    expect((await pending('team-a/1')) + (await pending('team-a/2'))).toBe(10);
  });
});

describe('the process-wide pending budget comes before any quota (issue 16)', () => {
  it('a call past both the budget and its quota fails with the budget ENOMEM, taking nothing', async () => {
    const file = join(tmp.dir, 'authz-budget.yaml');
    writeFileSync(file, YAML);
    // Room for a few hundred I/O records: the budget charges the queue's pool as it grows.
    const small = await startLoggedService({ authzFile: file, maxVms: 10, maxPendingBytes: 16 * 1024 });
    const client = new FlicClient(small.target, { token: 'token-a' });
    try {
      await vmWithFlic(client, 'team-a/1');
      // 5,000 records are past team-a's quota of 10 and past the budget: the budget answers.
      const both = await failure(client.vm('team-a/1').enqueue(ioIrqs(5000)));
      expect(both.errnoName).toBe('ENOMEM');
      expect(both.metadata).toMatchObject({ pendingBudgetBytes: String(16 * 1024) });
      // Past the quota alone: ENOSPC, as before.
      const quota = await failure(client.vm('team-a/1').enqueue(ioIrqs(11)));
      expect(quota.errnoName).toBe('ENOSPC');
      expect((await client.vm('team-a/1').inspect()).depths.total).toBe(0);
    } finally {
      client.close();
      await small.service.stop();
    }
  });
});
