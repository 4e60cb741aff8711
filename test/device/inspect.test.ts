// inspect(), depths() and counters: the read-only view a harness uses instead of GET_ALL_IRQS.
import { describe, expect, it } from 'vitest';
import { VmRegistry, ioType, type Vm, type VmConfig } from '../../src/device/index.js';

function vmWith(config: Partial<VmConfig> = {}): { reg: VmRegistry; vm: Vm } {
  const reg = new VmRegistry();
  reg.createVm('i', config);
  const vm = reg.get('i');
  vm.createDevice(6);
  return { reg, vm };
}

const io = (nr: number, isc: number, parm = 0) =>
  ({ kind: 'io', type: ioType(0xfe, 0, nr), subchannelId: 0xfe01, subchannelNr: nr, ioIntParm: parm, ioIntWord: (isc << 27) >>> 0 }) as const;

describe('inspect', () => {
  it('shows every part of the state, typed', () => {
    const { vm } = vmWith({ ais: true, maxVcpus: 4 });
    vm.enqueue([
      io(1, 3, 7),
      io(2, 0),
      { kind: 'ext', type: 0xffff2603n, extParams: 1, pad: 2, extParams2: 0x1122334455667788n },
      { kind: 'ext', type: 0xfffe0005n, extParams: 0, pad: 9, extParams2: 3n },
      { kind: 'ext', type: 0xffff2401n, extParams: 0x2001, pad: 0, extParams2: 0n },
      { kind: 'mchk', type: 0xfffe1000n, cr14: 0xffffffffffffffffn, mcic: 0x8000000000000001n, failingStorageAddress: 5n, extDamageCode: 1, pad: 0, fixedLogout: new Uint8Array(16) },
    ]);
    vm.adapterRegister({ id: 5, isc: 3, maskable: true, swap: true, flags: 1 });
    vm.adapterModify({ id: 5, type: 1, mask: true, addr: 0n });
    vm.aism(3, 1);
    vm.apfEnable();
    const s = vm.inspect();
    expect(s.profile).toBe('current');
    expect(s.io[3]).toEqual([io(1, 3, 7)]);
    expect(s.io[0]).toEqual([io(2, 0)]);
    expect(s.virtio).toEqual([{ kind: 'ext', type: 0xffff2603n, extParams: 1, pad: 2, extParams2: 0x1122334455667788n }]);
    expect(s.pfaultDone).toEqual([{ kind: 'ext', type: 0xfffe0005n, extParams: 0, pad: 9, extParams2: 3n }]);
    expect(s.service).toEqual({ pending: true, sccbPending: true, eventPending: true, extParams: 0x2001 });
    expect(s.machineCheck).toEqual({ pending: true, cr14: 0x10000000n, mcic: 0x8000000000000001n });
    expect(s.gisaIpm).toBeNull();
    expect(s.ais).toEqual({ simm: 0x10, nimm: 0, facility: true });
    expect(s.adapters).toEqual([{ id: 5, isc: 3, maskable: true, swap: true, flags: 1, suppressible: true, masked: true, mappings: [], mapCounter: 0 }]);
    expect(s.apfEnabled).toBe(true);
    expect(s.limits).toEqual({ io: { count: 2, limit: 266250 }, virtio: { count: 1, limit: 87381 }, pfault: { count: 1, limit: 256 } });
    expect(s.depths).toEqual({ io: [1, 0, 0, 1, 0, 0, 0, 0], gisa: [0, 0, 0, 0, 0, 0, 0, 0], virtio: 1, pfault: 1, service: 1, mchk: 1, total: 6 });
    expect(s.counters).toMatchObject({ injectedIo: 2, injectedVirtio: 1, injectedPfault: 1, injectedService: 1, injectedMchk: 1, coalesced: 0 });
  });

  it('is a snapshot: later changes do not show in it', () => {
    const { vm } = vmWith();
    vm.enqueue([io(1, 1)]);
    const s = vm.inspect();
    vm.clearIrqs();
    expect(s.io[1]).toHaveLength(1);
    expect(vm.inspect().io[1]).toHaveLength(0);
  });

  it('shows the GISA IPM and the 2013 single list', () => {
    const g = vmWith({ gisa: true }).vm;
    g.enqueue([{ ...io(1, 2), type: 0x04000000n }, { ...io(1, 2), type: 0x04000000n }]);
    expect(g.inspect().gisaIpm).toBe(0x20);
    expect(g.inspect().counters.coalesced).toBe(1);
    expect(g.flic!.depths().gisa).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);

    const o = vmWith({ profile: 'original' }).vm;
    o.enqueue([io(1, 0), io(2, 7), { kind: 'ext', type: 0xffff2401n, extParams: 1, pad: 0, extParams2: 0n }]);
    const s = o.inspect();
    expect(s.list?.map((irq) => (irq.kind === 'io' ? irq.subchannelNr : 'svc'))).toEqual([2, 1, 'svc']);
    expect(s.depths.total).toBe(3);
    expect(s.io[7]).toHaveLength(1);
  });

  it('reports the one list limit of the 2013 device for every kind, with the count of that list', () => {
    const o = vmWith({ profile: 'original' }).vm;
    o.enqueue([{ kind: 'ext', type: 0xfffe0004n, extParams: 0, pad: 0, extParams2: 0n }, io(1, 3)]);
    const s = o.inspect();
    const list = { count: 2, limit: 266250 };
    expect(s.limits).toEqual({ io: list, virtio: list, pfault: list });
    expect(s.depths.pfault).toBe(1);
    expect(o.flic!.limits()).toEqual(s.limits);
  });

  it('counts clears, suppressions and merges', () => {
    const { vm } = vmWith({ ais: true });
    vm.adapterRegister({ id: 1, isc: 2, maskable: false, swap: false, flags: 1 });
    vm.aism(2, 1);
    vm.airqInject(1n);
    vm.airqInject(1n);
    vm.enqueue([io(1, 1), io(1, 1)]);
    vm.enqueue([{ kind: 'ext', type: 0xffff2401n, extParams: 8, pad: 0, extParams2: 0n }, { kind: 'ext', type: 0xffff2401n, extParams: 16, pad: 0, extParams2: 0n }]);
    vm.clearIoIrq(0xfe01, 1);
    vm.clearIrqs();
    expect(vm.inspect().counters).toEqual({
      injectedIo: 2,
      injectedAdapter: 1,
      injectedVirtio: 0,
      injectedPfault: 0,
      injectedService: 2,
      injectedMchk: 0,
      suppressed: 1,
      cleared: 4, // one by CLEAR_IO_IRQ, then the adapter interrupt, one I/O and the service record
      coalesced: 1,
      tpiHits: 0,
      tpiMisses: 0,
      tschHits: 0,
      tschMisses: 0,
      reinjected: 0,
      delivered: [],
      deliveredLocal: [],
    });
  });
});

describe('registry', () => {
  it('keeps counters of deleted VMs so totals stay monotonic', () => {
    const { reg, vm } = vmWith();
    vm.enqueue([io(1, 1)]);
    reg.deleteVm('i');
    expect(reg.retiredCounters.injectedIo).toBe(1);
    expect(reg.size).toBe(0);
    expect([...reg]).toEqual([]);
  });

  it('shares the default configuration and keeps a resolved one per VM', () => {
    const reg = new VmRegistry();
    reg.createVm('a');
    reg.createVm('b', { ais: true, guestMemory: [{ start: 0n, size: 4096n }] });
    expect(reg.get('a').config).toBe(reg.get('a').config);
    expect(reg.get('b').config).toMatchObject({ ais: true, gisa: false, maxVcpus: 255, profile: 'current', adapterMapMode: 'noop' });
  });
});

describe('typed API equals raw API', () => {
  it('each typed method reaches the same state as its raw call', () => {
    const a = vmWith({ ais: true }).vm;
    const b = vmWith({ ais: true }).vm;
    const raw = (vm: Vm, group: number, attr: bigint, data = new Uint8Array(0)) => vm.setAttr({ flags: 0, group, attr, data, badAddr: false });
    a.adapterRegister({ id: 3, isc: 4, maskable: true, swap: false, flags: 1 });
    raw(b, 6, 0n, Uint8Array.of(0, 0, 0, 3, 4, 1, 0, 1));
    a.aism(4, 1);
    raw(b, 9, 0n, Uint8Array.of(4, 0, 0, 1));
    a.airqInject(3n);
    raw(b, 10, 3n);
    a.setAismAll({ simm: 0x09, nimm: 0x01 });
    raw(b, 11, 2n, Uint8Array.of(0x09, 0x01));
    a.enqueue([io(9, 5)]);
    a.clearIoIrq(0xfe01, 9);
    const rec = new Uint8Array(72);
    rec.set([0, 0, 0, 0, 3, 0xf8, 0, 9, 0xfe, 1, 0, 9, 0, 0, 0, 0, 0x28], 0);
    raw(b, 2, 72n, rec);
    raw(b, 8, 4n, Uint8Array.of(0xfe, 1, 0, 9));
    expect(a.inspect()).toEqual(b.inspect());
    expect(a.getAismAll()).toEqual({ simm: 0x09, nimm: 0x01 });
    expect(a.getAllIrqs(720n)).toEqual(b.getAllIrqs(720n));
  });
});
