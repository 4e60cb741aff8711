// The delivery vectors (docs/delivery.md §1-§4, §6) on the in-process device; the same vectors run
// through the real server in test/server/delivery.test.ts.
import { describe, expect, it } from 'vitest';
import { KVM_DEV_FLIC_ENQUEUE, KVM_S390_MAX_FLOAT_IRQS, KvmError, VmRegistry, encodeIrqs, type VmConfig } from '../../src/device/index.js';
import { ioIrq, ioIrqs } from '../support/workload.js';
import { checkErrnoOrder, replayDelivery } from '../support/deliveryReplay.js';
import { DELIVERY_VECTORS } from '../support/deliveryVectors.js';

const errnoOf = (e: unknown): string => {
  if (e instanceof KvmError) return e.errnoName;
  throw e;
};

describe('delivery vectors (in-process device)', () => {
  const host = new VmRegistry();
  DELIVERY_VECTORS.forEach((v, i) => {
    it(v.id, async () => {
      await replayDelivery(host, v, `d-${i}`, errnoOf);
    });
  });
  it('ENOENT, then ENODEV, then the call\'s own EINVAL', async () => {
    await checkErrnoOrder(host, 'errno-order', errnoOf);
  });
});

describe('the reinjection limit, at and past its boundary', () => {
  const full = (config: Partial<VmConfig>, count: number) => {
    const host = new VmRegistry();
    host.createVm('full', config);
    const vm = host.get('full');
    vm.createDevice(6);
    const data = encodeIrqs(ioIrqs(count));
    vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
    return vm;
  };
  const errno = (run: () => unknown): string | null => {
    try {
      run();
      return null;
    } catch (e) {
      return errnoOf(e);
    }
  };

  it('current kernels: the last free slot takes it, a full queue is EBUSY and unchanged', () => {
    const vm = full({}, KVM_S390_MAX_FLOAT_IRQS - 1);
    expect(errno(() => vm.reinjectIo(ioIrq(500_001)))).toBeNull();
    expect(vm.inspect().limits.io.count).toBe(KVM_S390_MAX_FLOAT_IRQS);
    expect(errno(() => vm.reinjectIo(ioIrq(500_002)))).toBe('EBUSY');
    expect(vm.inspect().limits.io.count).toBe(KVM_S390_MAX_FLOAT_IRQS);
    expect(vm.inspect().counters.reinjected).toBe(1);
  });

  it('the 2013 device: its one list limit, EINVAL past it', () => {
    const vm = full({ profile: 'original' }, KVM_S390_MAX_FLOAT_IRQS - 1);
    expect(errno(() => vm.reinjectIo(ioIrq(500_001)))).toBeNull();
    expect(errno(() => vm.reinjectIo(ioIrq(500_002)))).toBe('EINVAL');
    expect(vm.inspect().depths.total).toBe(KVM_S390_MAX_FLOAT_IRQS);
  });

  it("Inspect's counters are a copy: changing them changes nothing in the VM", () => {
    const vm = full({}, 1);
    vm.deliver({ pswMask: 0x0200000000000000n, cr0: 0n, cr6: 0xff000000n, cr14: 0n, cpuId: 0 });
    const seen = vm.inspect().counters;
    seen.delivered[10] = 99;
    expect(vm.inspect().counters.delivered[10]).toBe(1);
  });

  it('the in-process device cannot wait: waitMs is EINVAL unless it is a dry run', () => {
    const vm = full({}, 0);
    expect(errno(() => vm.deliver({ pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId: 0 }, { waitMs: 1 }))).toBe('EINVAL');
    expect(vm.deliver({ pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId: 0 }, { waitMs: 1, dryRun: true }).interruptClass).toBe('none');
  });
});
