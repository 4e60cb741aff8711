// The pending-interrupt budget through a real flic and its client: ENOMEM for every path that adds
// records (typed and raw ENQUEUE, AIRQ_INJECT, ReinjectIo), with the budget in the ErrorInfo metadata as any
// language's status-details support reads it, nothing taken, and the gauges on /metrics.
import { afterEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_FLIC_AIRQ_INJECT, KVM_DEV_FLIC_ENQUEUE, KVM_DEV_TYPE_FLIC, KvmError, encodeIrqs } from '../../src/device/index.js';
import { ioPoolCharge } from '../../src/device/current/ioQueues.js';
import { startService, type RunningService } from '../../src/server/app.js';
import { ioOn } from '../support/deliveryVectors.js';
import { ioIrqs } from '../support/workload.js';
import { testServiceConfig } from './fixture.js';

/** A first ENQUEUE asks for the first I/O pool and both ext queues' first arrays (8 entries of 16 bytes). */
const FIRST = ioPoolCharge(16) + 2 * 8 * 16;
/** Room for 15 I/O interrupts (the first pool) and not one byte for its growth. */
const BUDGET = FIRST + ioPoolCharge(32) - ioPoolCharge(16) - 1;

let flic: RunningService;
let client: FlicClient;

async function start(maxPendingBytes: number): Promise<void> {
  flic = await startService(testServiceConfig({ maxPendingBytes }));
  client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
  await client.createVm('vm');
  await client.vm('vm').createDevice(KVM_DEV_TYPE_FLIC);
}

afterEach(async () => {
  client.close();
  await flic.stop('test done');
});

async function gauge(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
}

async function refusal(call: Promise<unknown>): Promise<KvmError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KvmError);
  return err as KvmError;
}

describe('the pending-interrupt budget (--max-pending-bytes)', () => {
  it('refuses typed and raw ENQUEUE past it with ENOMEM, the budget in the metadata, nothing taken', async () => {
    await start(BUDGET);
    const vm = client.vm('vm');
    await vm.enqueue(ioIrqs(15));
    expect(await gauge('flic_pending_interrupt_bytes')).toBe(ioPoolCharge(16));
    expect(await gauge('flic_pending_interrupt_budget_bytes')).toBe(BUDGET);

    const typed = await refusal(vm.enqueue(ioIrqs(1, 100)));
    expect(typed).toMatchObject({ errnoName: 'ENOMEM', errno: 12, group: 'KVM_DEV_FLIC_ENQUEUE' });
    expect(typed.metadata).toEqual({
      pendingBudgetBytes: String(BUDGET),
      pendingBytesUsed: String(ioPoolCharge(16)),
      pendingBytesNeeded: String(ioPoolCharge(32) - ioPoolCharge(16) + 2 * 8 * 16),
      // Every ENQUEUE failure says how many of its records went in first (issue 12): none here.
      acceptedRecords: '0',
    });
    const data = encodeIrqs(ioIrqs(3, 200));
    const raw = await refusal(vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false }));
    expect(raw).toMatchObject({ errnoName: 'ENOMEM', group: 'KVM_DEV_FLIC_ENQUEUE' });
    expect(raw.metadata['acceptedRecords']).toBe('0');
    const state = await vm.inspect();
    expect(state.depths.total).toBe(15);
    expect(state.counters.injectedIo).toBe(15);
  });

  it('refuses AIRQ_INJECT and ReinjectIo past it with ENOMEM, nothing taken', async () => {
    await start(ioPoolCharge(16) - 1);
    const vm = client.vm('vm');
    await vm.adapterRegister({ id: 1, isc: 2, maskable: false, swap: false, flags: 0 });
    const airq = await refusal(vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_AIRQ_INJECT, attr: 1n, data: new Uint8Array(0), badAddr: false }));
    expect(airq).toMatchObject({ errnoName: 'ENOMEM', group: 'KVM_DEV_FLIC_AIRQ_INJECT' });
    expect(airq.metadata['pendingBytesNeeded']).toBe(String(ioPoolCharge(16)));
    const reinject = await refusal(vm.reinjectIo(ioOn(2, 1)));
    expect(reinject).toMatchObject({ errnoName: 'ENOMEM', group: 'REINJECT_IO' });
    expect(reinject.metadata['pendingBytesNeeded']).toBe(String(ioPoolCharge(16)));
    const state = await vm.inspect();
    expect(state.depths.total).toBe(0);
    expect(state.counters.injectedAdapter).toBe(0);
    expect(state.counters.reinjected).toBe(0);
  });

  it('gives the bytes back when the VM is deleted', async () => {
    await start(BUDGET);
    await client.vm('vm').enqueue(ioIrqs(15));
    await client.deleteVm('vm');
    expect(await gauge('flic_pending_interrupt_bytes')).toBe(0);
    await client.createVm('other');
    await client.vm('other').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('other').enqueue(ioIrqs(15));
    expect(await gauge('flic_pending_interrupt_bytes')).toBe(ioPoolCharge(16));
  });
});
