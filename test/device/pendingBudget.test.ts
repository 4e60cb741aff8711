// The process-wide pending-interrupt budget: every path that adds pending records (typed and raw
// ENQUEUE, AIRQ_INJECT, ReinjectIo, both profiles) is refused with ENOMEM exactly past the budget,
// before any record of the call is taken, and the bytes come back when queues are freed. TPI's own
// requeue is the one insertion that never asks (the kernel ignores its failure).
import { describe, expect, it } from 'vitest';
import {
  ErrorFigure,
  KVM_DEV_FLIC_AIRQ_INJECT,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_TYPE_FLIC,
  KvmError,
  ORIGINAL_RECORD_BYTES,
  PENDING_BUDGET_METADATA,
  VmRegistry,
  encodeIrqs,
  type Irq,
  type Vm,
  type VmConfig,
} from '../../src/device/index.js';
import { ioPoolCharge } from '../../src/device/current/ioQueues.js';
import { ioIrqs } from '../support/workload.js';
import { ioOn } from '../support/deliveryVectors.js';
import { VIRTIO } from '../support/typedRecords.js';

/** The smallest ext queue array (8 entries of 16 bytes), which a first ENQUEUE may need for VIRTIO and PFAULT_DONE. */
const EXT_INITIAL = 8 * 16;
/** What a first ENQUEUE of a current VM asks for: the first I/O pool and both ext queues' first arrays. */
const FIRST_CALL = ioPoolCharge(16) + 2 * EXT_INITIAL;

function setup(maxPendingBytes: number, config: Partial<VmConfig> = {}): { reg: VmRegistry; vm: Vm } {
  const reg = new VmRegistry({ maxPendingBytes });
  reg.createVm('t', config);
  const vm = reg.get('t');
  vm.createDevice(KVM_DEV_TYPE_FLIC);
  return { reg, vm };
}

function enomem(fn: () => unknown): KvmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KvmError && e.errnoName === 'ENOMEM') return e;
    throw e;
  }
  throw new Error('expected ENOMEM');
}

function rawEnqueue(vm: Vm, irqs: readonly Irq[]): void {
  const data = encodeIrqs(irqs);
  vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
}

describe('the pending-interrupt budget', () => {
  it('admits a first ENQUEUE at exactly its size and refuses it one byte short, taking nothing', () => {
    expect(() => setup(FIRST_CALL).vm.enqueue(ioIrqs(1))).not.toThrow();
    const { reg, vm } = setup(FIRST_CALL - 1);
    const err = enomem(() => vm.enqueue(ioIrqs(1)));
    expect(err.group).toBe('KVM_DEV_FLIC_ENQUEUE');
    expect(err.metadata).toEqual({
      [PENDING_BUDGET_METADATA.budget]: String(FIRST_CALL - 1),
      [PENDING_BUDGET_METADATA.used]: '0',
      [PENDING_BUDGET_METADATA.needed]: String(FIRST_CALL),
      // Like every ENQUEUE failure, it says how many records went in before it: none.
      [ErrorFigure.AcceptedRecords]: '0',
    });
    expect(vm.inspect().depths.total).toBe(0);
    expect(vm.inspect().counters.injectedIo).toBe(0);
    expect(reg.pendingBudget?.usedBytes).toBe(0);
  });

  it('refuses a whole call that would cross the budget, typed and raw, with no partial effect', () => {
    // Room for the first pool (15 entries) but not for its growth to 32.
    for (const send of [(vm: Vm, irqs: Irq[]) => vm.enqueue(irqs), rawEnqueue]) {
      const { reg, vm } = setup(FIRST_CALL + ioPoolCharge(32) - ioPoolCharge(16) - 1);
      send(vm, ioIrqs(15));
      const used = reg.pendingBudget!.usedBytes;
      expect(used).toBe(ioPoolCharge(16));
      enomem(() => send(vm, ioIrqs(2, 100)));
      expect(vm.inspect().depths.total).toBe(15);
      expect(reg.pendingBudget!.usedBytes).toBe(used);
      // A call that needs no growth still fits.
      vm.clearIrqs();
      send(vm, ioIrqs(15, 200));
      expect(vm.inspect().depths.total).toBe(15);
    }
  });

  it('refuses AIRQ_INJECT past the budget, unless the GISA takes the interrupt as a bit', () => {
    const adapter = { id: 1, isc: 3, maskable: false, swap: false, flags: 0 };
    const inject = { flags: 0, group: KVM_DEV_FLIC_AIRQ_INJECT, attr: 1n, data: new Uint8Array(0), badAddr: false };
    const { vm } = setup(ioPoolCharge(16) - 1);
    vm.adapterRegister(adapter);
    const err = enomem(() => vm.setAttr(inject));
    expect(err.group).toBe('KVM_DEV_FLIC_AIRQ_INJECT');
    expect(vm.inspect().counters.injectedAdapter).toBe(0);
    const gisa = setup(1, { gisa: true }).vm;
    gisa.adapterRegister(adapter);
    gisa.setAttr(inject);
    expect(gisa.inspect().gisaIpm).not.toBe(0);
  });

  it('refuses ReinjectIo past the budget, unless the GISA takes it as a bit; TPI\'s requeue never asks', () => {
    const { reg, vm } = setup(ioPoolCharge(16), { gisa: true });
    // ReinjectIo asks only for the I/O pool: 15 entries fill the first one, and the budget with it.
    for (let nr = 1; nr <= 15; nr++) vm.reinjectIo(ioOn(5, nr));
    expect(reg.pendingBudget!.usedBytes).toBe(ioPoolCharge(16));
    const err = enomem(() => vm.reinjectIo(ioOn(5, 16)));
    expect(err.group).toBe('REINJECT_IO');
    expect(err.metadata[PENDING_BUDGET_METADATA.needed]).toBe(String(ioPoolCharge(32) - ioPoolCharge(16)));
    expect(vm.inspect().depths.io[5]).toBe(15);
    expect(vm.inspect().counters.reinjected).toBe(15);
    // An adapter interrupt is a GISA bit: no memory, no refusal.
    vm.reinjectIo({ kind: 'io', type: 0x04000000n, subchannelId: 0, subchannelNr: 0, ioIntParm: 0, ioIntWord: (0x80000000 | (3 << 27)) >>> 0 });
    expect(vm.inspect().gisaIpm).not.toBe(0);
    // TPI takes ISC 5's oldest, the adapter's ISC 3 wins, and the entry goes back to its queue
    // with no budget left: its slot was just freed.
    const taken = vm.tpi(0xff000000);
    expect(taken?.type).toBe(0x04000000n);
    expect(vm.inspect().depths.io[5]).toBe(15);
    expect(reg.pendingBudget!.usedBytes).toBe(ioPoolCharge(16));
    // A dequeued interrupt can be reinjected into the slot it left.
    const back = vm.tpi(0xff000000)!;
    vm.reinjectIo(back);
    expect(vm.inspect().depths.io[5]).toBe(15);
  });

  it('charges the original profile per entry, gives it back as delivery takes it, and refuses ReinjectIo past the budget', () => {
    const { reg, vm } = setup(3 * ORIGINAL_RECORD_BYTES, { profile: 'original' });
    vm.enqueue([ioOn(2, 1), ioOn(2, 2), ioOn(2, 3)]);
    const err = enomem(() => vm.reinjectIo(ioOn(2, 4)));
    expect(err.group).toBe('REINJECT_IO');
    expect(vm.inspect().depths.total).toBe(3);
    const taken = vm.tsch(((0xfe01 << 16) | 2) >>> 0)!;
    expect(reg.pendingBudget!.usedBytes).toBe(2 * ORIGINAL_RECORD_BYTES);
    vm.reinjectIo(taken);
    expect(reg.pendingBudget!.usedBytes).toBe(3 * ORIGINAL_RECORD_BYTES);
  });

  it('charges the original profile per entry and refuses the list before its first record', () => {
    const { reg, vm } = setup(10 * ORIGINAL_RECORD_BYTES, { profile: 'original' });
    vm.enqueue(ioIrqs(10));
    expect(reg.pendingBudget!.usedBytes).toBe(10 * ORIGINAL_RECORD_BYTES);
    enomem(() => rawEnqueue(vm, ioIrqs(1, 50)));
    expect(vm.inspect().depths.total).toBe(10);
    vm.clearIrqs();
    expect(reg.pendingBudget!.usedBytes).toBe(0);
  });

  it('gives ext queues back at CLEAR_IRQS, keeps the I/O pool until the VM is deleted, and shares one budget between VMs', () => {
    const { reg, vm } = setup(2 * (FIRST_CALL + 1000));
    vm.enqueue([...ioIrqs(3), VIRTIO(1), VIRTIO(2)]);
    expect(reg.pendingBudget!.usedBytes).toBe(ioPoolCharge(16) + EXT_INITIAL);
    vm.clearIrqs();
    expect(reg.pendingBudget!.usedBytes).toBe(ioPoolCharge(16));
    reg.createVm('u');
    reg.get('u').createDevice(KVM_DEV_TYPE_FLIC);
    reg.get('u').enqueue(ioIrqs(1));
    expect(reg.pendingBudget!.usedBytes).toBe(2 * ioPoolCharge(16));
    reg.deleteVm('t');
    reg.deleteVm('u');
    expect(reg.pendingBudget!.usedBytes).toBe(0);
  });

  it('counts nothing for a registry without a budget', () => {
    const reg = new VmRegistry();
    expect(reg.pendingBudget).toBeNull();
    reg.createVm('t');
    reg.get('t').createDevice(KVM_DEV_TYPE_FLIC);
    reg.get('t').enqueue(ioIrqs(1000));
    expect(reg.get('t').inspect().depths.total).toBe(1000);
  });

  it('charges an imported VM as its queues were charged, and refuses an import past it, creating nothing', () => {
    const big = new VmRegistry({ maxPendingBytes: 1 << 30 });
    big.createVm('src', { maxVcpus: 4 });
    big.get('src').createDevice(KVM_DEV_TYPE_FLIC);
    big.get('src').enqueue([...ioIrqs(5000), VIRTIO(1)]);
    const charged = big.pendingBudget!.usedBytes;
    const blob = big.exportVm('src');
    for (const profile of ['current', 'original'] as const) {
      const reg = new VmRegistry({ maxPendingBytes: 1 << 30 });
      reg.createVm('p', { profile });
      reg.get('p').createDevice(KVM_DEV_TYPE_FLIC);
      reg.get('p').enqueue(ioIrqs(300));
      const one = reg.pendingBudget!.usedBytes;
      reg.importVm('q', reg.exportVm('p'));
      expect(reg.pendingBudget!.usedBytes, profile).toBe(2 * one);
      reg.deleteVm('q');
      expect(reg.pendingBudget!.usedBytes, profile).toBe(one);
    }
    const reg = new VmRegistry({ maxPendingBytes: charged - 1 });
    const err = enomem(() => reg.importVm('copy', blob));
    expect(err.group).toBe('IMPORT_VM');
    expect(reg.listVms()).toEqual([]);
    expect(reg.pendingBudget!.usedBytes).toBe(0);
    const exact = new VmRegistry({ maxPendingBytes: charged });
    exact.importVm('copy', blob);
    expect(exact.pendingBudget!.usedBytes).toBe(charged);
    expect(exact.exportVm('copy')).toEqual(blob);
  });

  it('charges but never refuses while it is not enforcing (a restart restoring what was acknowledged)', () => {
    const src = new VmRegistry();
    src.createVm('v');
    src.get('v').createDevice(KVM_DEV_TYPE_FLIC);
    src.get('v').enqueue(ioIrqs(2000));
    const reg = new VmRegistry({ maxPendingBytes: 1000 });
    reg.pendingBudget!.enforcing = false;
    reg.importVm('v', src.exportVm('v'));
    reg.get('v').enqueue(ioIrqs(10, 5000));
    reg.pendingBudget!.enforcing = true;
    expect(reg.get('v').inspect().depths.total).toBe(2010);
    expect(reg.pendingBudget!.usedBytes).toBeGreaterThan(1000);
    enomem(() => reg.get('v').enqueue(ioIrqs(1, 9000)));
  });

  it('rejects a budget that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new VmRegistry({ maxPendingBytes: bad })).toThrow(RangeError);
  });
});
