// Runs a delivery vector (deliveryVectors.ts) on any FlicHost: the in-process registry or a
// client of the real server. Failures name the vector's step.
import { expect } from 'vitest';
import { KVM_DEV_TYPE_FLIC, decodeIrq } from '../../src/device/index.js';
import type { Delivery, FlicApi, FlicHost, IoIrq, Irq } from '../../src/device/types.js';
import type { DeliveryVector, Expected, Step } from './deliveryVectors.js';

export type ErrnoReader = (error: unknown) => string;

const MAX_BUFFER = 0x2000000n;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

async function failure(run: () => unknown, errnoOf: ErrnoReader): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (e) {
    return errnoOf(e);
  }
}

function checkDelivery(d: Delivery, want: Expected, where: string): void {
  if (want.cls !== undefined) expect(d.interruptClass, `${where}: class`).toBe(want.cls);
  if (want.bit !== undefined) expect(d.pendingBit, `${where}: pending bit`).toBe(want.bit);
  if (want.record !== undefined) {
    if (want.record === null) expect(d.record.length, `${where}: record`).toBe(0);
    else {
      expect(d.record.length, `${where}: record size`).toBe(72);
      expect(decodeIrq(d.record, 0), `${where}: record`).toEqual(want.record);
    }
  }
  if (want.stores !== undefined) {
    expect(d.stores.map((s) => [s.offset, hex(s.data)]), `${where}: stores`).toEqual(want.stores);
  }
  if (want.psw !== undefined) expect([d.oldPswOffset, d.newPswOffset], `${where}: PSW offsets`).toEqual(want.psw);
  // The field rules: nothing taken, nothing stored, no PSW swap.
  if (d.interruptClass === 'none') {
    expect([d.pendingBit, d.record.length, d.stores.length, d.oldPswOffset, d.newPswOffset], `${where}: NONE fields`).toEqual([0, 0, 0, 0, 0]);
  }
}

function ioExpect(got: IoIrq | null, want: IoIrq | null, where: string): void {
  expect(got, where).toEqual(want);
}

async function runStep(vm: FlicApi, step: Step, where: string, errnoOf: ErrnoReader): Promise<void> {
  switch (step.do) {
    case 'enqueue':
      await vm.enqueue(step.irqs);
      return;
    case 'adapter':
      await vm.adapterRegister({ id: step.id, isc: step.isc, maskable: false, swap: false, flags: 0 });
      return;
    case 'airq':
      await vm.airqInject(BigInt(step.id));
      return;
    case 'deliver': {
      const options = step.dryRun === undefined ? {} : { dryRun: step.dryRun };
      if (step.expect.errno !== undefined) {
        expect(await failure(() => vm.deliver(step.cpu, options), errnoOf), where).toBe(step.expect.errno);
        return;
      }
      checkDelivery(await vm.deliver(step.cpu, options), step.expect, where);
      return;
    }
    case 'tpi':
      ioExpect(await vm.tpi(step.mask), step.expect, where);
      return;
    case 'tsch':
      ioExpect(await vm.tsch(step.schid), step.expect, where);
      return;
    case 'reinject':
      expect(await failure(() => vm.reinjectIo(step.irq), errnoOf), where).toBe(step.errno ?? null);
      return;
    case 'sclp':
      expect(await failure(() => vm.pvSclpIntercept(), errnoOf), where).toBe(step.errno ?? null);
      return;
    case 'clear':
      await vm.clearIrqs();
      return;
    case 'pending': {
      const irqs: Irq[] = await vm.getAllIrqs(MAX_BUFFER);
      expect(irqs, where).toEqual(step.irqs);
      return;
    }
    case 'inspect': {
      const i = await vm.inspect();
      const want = step.expect;
      if (want.maskedIrqs !== undefined) expect(i.maskedIrqs, `${where}: masked_irqs`).toBe(want.maskedIrqs);
      if (want.gisaIpm !== undefined) expect(i.gisaIpm, `${where}: GISA IPM`).toBe(want.gisaIpm);
      if (want.total !== undefined) expect(i.depths.total, `${where}: pending records`).toBe(want.total);
      if (want.io !== undefined) expect(i.io[want.io[0]], `${where}: I/O queue ${want.io[0]}`).toEqual(want.io[1]);
      return;
    }
  }
}

/** Runs one vector on a new VM `vmId` of `host`. */
export async function replayDelivery(host: FlicHost, v: DeliveryVector, vmId: string, errnoOf: ErrnoReader): Promise<void> {
  if (v.createErrno !== undefined) {
    expect(await failure(() => host.createVm(vmId, v.config ?? {}), errnoOf), 'CreateVm').toBe(v.createErrno);
    return;
  }
  await host.createVm(vmId, v.config ?? {});
  const vm = host.vm(vmId);
  await vm.createDevice(KVM_DEV_TYPE_FLIC);
  for (const [i, step] of v.steps.entries()) await runStep(vm, step, `step ${i} (${step.do})`, errnoOf);
}

/**
 * ENOENT (no VM), then ENODEV (no FLIC), before each delivery call's own checks (here: arguments
 * that are EINVAL on a VM with a FLIC).
 */
export async function checkErrnoOrder(host: FlicHost, vmId: string, errnoOf: ErrnoReader): Promise<void> {
  const bad = { pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId: 300, iictl: 9 };
  const badIo: IoIrq = { kind: 'io', type: 0xffff2401n, subchannelId: 0, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0 };
  // The in-process registry refuses an unknown VM already at vm(id).
  const vm = (): FlicApi => host.vm(vmId);
  const calls: [string, () => unknown][] = [
    ['deliver', () => vm().deliver(bad)],
    ['tpi', () => vm().tpi(0)],
    ['tsch', () => vm().tsch(0)],
    ['reinjectIo', () => vm().reinjectIo(badIo)],
    ['pvSclpIntercept', () => vm().pvSclpIntercept()],
  ];
  for (const [name, call] of calls) expect(await failure(call, errnoOf), `${name} on no VM`).toBe('ENOENT');
  await host.createVm(vmId, {});
  for (const [name, call] of calls) expect(await failure(call, errnoOf), `${name} without a FLIC`).toBe('ENODEV');
  await vm().createDevice(KVM_DEV_TYPE_FLIC);
  const own = calls.filter(([name]) => name !== 'tpi' && name !== 'tsch');
  for (const [name, call] of own) expect(await failure(call, errnoOf), `${name} with a FLIC`).toBe('EINVAL');
}
