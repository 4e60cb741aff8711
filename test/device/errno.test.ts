// One test for every errno condition of spec §10, under the condition the spec names, and the
// limits exactly at their boundary and one past it.
import { describe, expect, it } from 'vitest';
import { KvmError, VmRegistry, type AttrCall, type VmConfig, type Vm } from '../../src/device/index.js';
import { A, AI, IO, PFD, RAW, SVC, VIRTIO, bytes, cat, fillIo, many, schid } from '../conformance/recordBytes.js';

function vmWith(config: Partial<VmConfig> = {}, create = true): Vm {
  const reg = new VmRegistry();
  reg.createVm('t', config);
  const vm = reg.get('t');
  if (create) vm.createDevice(6);
  return vm;
}

function call(group: number, attr: bigint | number, data: Uint8Array = new Uint8Array(0), extra: Partial<AttrCall> = {}): AttrCall {
  return { flags: 0, group, attr: BigInt(attr), data, badAddr: false, ...extra };
}

function errnoOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KvmError) return e.errnoName;
    throw e;
  }
  return 'success';
}

const enq = (vm: Vm, ...records: Uint8Array[]) => () => {
  const data = cat(...records);
  return vm.setAttr(call(2, data.length, data));
};
const count = (vm: Vm): number => vm.getAttr(call(1, 0x2000000)).ret;
const reg8 = (id: number, isc = 3, maskable = 0, flags = 0): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, id);
  b.set([isc, maskable, 0, flags], 4);
  return b;
};
const mod16 = (id: number, type: number, mask: number, addr: bigint): Uint8Array => {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, id);
  b[4] = type;
  b[5] = mask;
  dv.setBigUint64(8, addr);
  return b;
};

describe('EPERM', () => {
  it('HAS on the 2013 device (no has_attr operation)', () => {
    const vm = vmWith({ profile: 'original' });
    for (const g of [0, 1, 2, 3, 11, 12]) expect(errnoOf(() => vm.hasAttr(call(g, 0)))).toBe('EPERM');
  });
});

describe('ENOENT', () => {
  it('UNMAP of an address that is not mapped (tracked map series)', () => {
    const vm = vmWith({ adapterMapMode: 'tracked' });
    vm.setAttr(call(6, 0, reg8(1)));
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 3, 0, 0x30000n))))).toBe('ENOENT');
  });
  it('an unknown VM', () => {
    expect(errnoOf(() => new VmRegistry().get('nope'))).toBe('ENOENT');
    expect(errnoOf(() => new VmRegistry().deleteVm('nope'))).toBe('ENOENT');
  });
});

describe('ENXIO', () => {
  it('HAS with a group other than 1..11', () => {
    const vm = vmWith();
    for (const g of [0, 12, 0x7fffffff, 0xffffffff]) expect(errnoOf(() => vm.hasAttr(call(g, 0)))).toBe('ENXIO');
    for (let g = 1; g <= 11; g++) expect(vm.hasAttr(call(g, 0, new Uint8Array(0), { flags: 7, badAddr: true })).ret).toBe(0);
  });
});

describe('ENOMEM', () => {
  it('GET_ALL_IRQS buffer too small: nothing written, requiredBytes given, state unchanged', () => {
    const vm = vmWith();
    enq(vm, A, A, A)();
    const e = (() => {
      try {
        vm.getAttr(call(1, 215));
      } catch (err) {
        return err as KvmError;
      }
      throw new Error('no error');
    })();
    expect(e.errnoName).toBe('ENOMEM');
    expect(e.errno).toBe(12);
    expect(e.metadata.requiredBytes).toBe('216');
    expect(e.written).toBeUndefined();
    expect(e.message).toMatch(/^KVM_DEV_FLIC_GET_ALL_IRQS: ENOMEM: /);
    expect(vm.getAttr(call(1, 216)).ret).toBe(3);
  });
  it('the 2013 device writes the records that fit before failing', () => {
    const vm = vmWith({ profile: 'original' });
    enq(vm, A, SVC(1), SVC(2))();
    try {
      vm.getAttr(call(1, 150));
      expect.unreachable();
    } catch (err) {
      const e = err as KvmError;
      expect(e.errnoName).toBe('ENOMEM');
      expect(e.written).toEqual(cat(A, SVC(1)));
    }
    expect(errnoOf(() => vm.getAttr(call(1, 0)))).toBe('ENOMEM'); // no length checks: attr 0 is accepted
    vm.setAttr(call(3, 0));
    expect(vm.getAttr(call(1, 0)).ret).toBe(0); // nothing queued: 0 for any attr
  });
});

describe('EFAULT', () => {
  it('ENQUEUE: the type and the payload are read at their own step', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(2, 72, new Uint8Array(7))))).toBe('EFAULT');
    // An I/O record needs only its 12 payload bytes: 20 bytes suffice, 19 do not.
    expect(errnoOf(() => vm.setAttr(call(2, 72, A.subarray(0, 19))))).toBe('EFAULT');
    expect(vm.setAttr(call(2, 72, A.subarray(0, 20))).ret).toBe(0);
    // A rejected type is found before its payload is read.
    expect(errnoOf(() => vm.setAttr(call(2, 72, RAW(0xfffe0001).subarray(0, 8))))).toBe('EINVAL');
    // PFAULT_INIT is read first, then rejected.
    expect(errnoOf(() => vm.setAttr(call(2, 72, RAW(0xfffe0004).subarray(0, 20))))).toBe('EFAULT');
    expect(errnoOf(() => vm.setAttr(call(2, 72, A, { badAddr: true })))).toBe('EFAULT');
    expect(vm.setAttr(call(2, 0, new Uint8Array(0), { badAddr: true })).ret).toBe(0);
    expect(count(vm)).toBe(1);
  });
  it('ENQUEUE: the records before the one that faults are injected, wherever the bytes end', () => {
    const records = [IO(1, 0x0001, 1, 1, 0), VIRTIO(7, 0, 9n), IO(2, 0x0001, 2, 2, 0), SVC(8), IO(3, 0x0001, 3, 3, 0)];
    const all = cat(...records);
    for (let end = 0; end <= all.length; end++) {
      const vm = vmWith();
      const errno = errnoOf(() => vm.setAttr(call(2, all.length, all.subarray(0, end))));
      // A record faults unless its type and the member its type selects lie in the readable bytes.
      const needed = records.map((_, i) => i * 72 + (i % 2 === 0 ? 20 : 24));
      const injected = needed.findIndex((n) => n > end);
      expect(errno).toBe(injected < 0 ? 'success' : 'EFAULT');
      expect(count(vm)).toBe(injected < 0 ? records.length : injected);
    }
  });
  it('GET_ALL_IRQS copy out fails, but not when nothing is pending', () => {
    const vm = vmWith();
    expect(vm.getAttr(call(1, 72, new Uint8Array(0), { badAddr: true })).ret).toBe(0);
    enq(vm, A)();
    expect(errnoOf(() => vm.getAttr(call(1, 72, new Uint8Array(0), { badAddr: true })))).toBe('EFAULT');
    expect(count(vm)).toBe(1);
  });
  it('every group that reads a struct, at its size minus one', () => {
    const vm = vmWith({ ais: true });
    expect(errnoOf(() => vm.setAttr(call(6, 0, new Uint8Array(7))))).toBe('EFAULT');
    vm.setAttr(call(6, 0, reg8(1, 3, 1)));
    expect(errnoOf(() => vm.setAttr(call(7, 0, new Uint8Array(15))))).toBe('EFAULT');
    expect(errnoOf(() => vm.setAttr(call(8, 4, new Uint8Array(3))))).toBe('EFAULT');
    expect(errnoOf(() => vm.setAttr(call(9, 0, new Uint8Array(3))))).toBe('EFAULT');
    expect(errnoOf(() => vm.setAttr(call(11, 2, new Uint8Array(1))))).toBe('EFAULT');
    expect(errnoOf(() => vm.getAttr(call(11, 2, new Uint8Array(0), { badAddr: true })))).toBe('EFAULT');
  });
  it('groups that never touch memory never fault', () => {
    const vm = vmWith();
    vm.setAttr(call(6, 0, reg8(1)));
    for (const g of [3, 4, 5, 10]) expect(vm.setAttr(call(g, 1, new Uint8Array(0), { badAddr: true })).ret).toBe(0);
  });
  it('legacy and tracked MAP of a guest address outside guest memory', () => {
    for (const mode of ['legacy', 'tracked'] as const) {
      const vm = vmWith({ adapterMapMode: mode, guestMemory: [{ start: 0x1000n, size: 0x1000n }] });
      vm.setAttr(call(6, 0, reg8(1)));
      expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 2, 0, 0x2000n))))).toBe('EFAULT');
      expect(vm.setAttr(call(7, 0, mod16(1, 2, 0, 0x1fffn))).ret).toBe(0);
    }
  });
});

describe('EBUSY', () => {
  it('I/O: 266,250 shared by all ISCs, via ENQUEUE and AIRQ_INJECT', () => {
    const vm = vmWith();
    vm.setAttr(call(6, 0, reg8(1, 5)));
    const fill = fillIo(266249);
    vm.setAttr(call(2, fill.length, fill));
    expect(enq(vm, A)().ret).toBe(0); // exactly at the limit
    expect(errnoOf(enq(vm, A))).toBe('EBUSY');
    expect(errnoOf(() => vm.setAttr(call(10, 1)))).toBe('EBUSY');
    expect(vm.inspect().limits.io).toEqual({ count: 266250, limit: 266250 });
  });
  it('VIRTIO: 87,381', () => {
    const vm = vmWith();
    const fill = many(87381, (k) => VIRTIO(k, 0, 0));
    vm.setAttr(call(2, fill.length, fill));
    expect(errnoOf(enq(vm, VIRTIO(1, 0, 0)))).toBe('EBUSY');
    expect(enq(vm, A)().ret).toBe(0);
  });
  it('PFAULT_DONE: 64 × maxVcpus, whatever the APF state', () => {
    const vm = vmWith({ maxVcpus: 2 });
    vm.setAttr(call(5, 0));
    const fill = many(127, (k) => PFD(k, 0, 0));
    vm.setAttr(call(2, fill.length, fill));
    expect(enq(vm, PFD(0, 0, 0))().ret).toBe(0);
    expect(errnoOf(enq(vm, PFD(0, 0, 0)))).toBe('EBUSY');
    expect(vm.inspect().limits.pfault).toEqual({ count: 128, limit: 128 });
  });
});

describe('ENQUEUE failures say how many records of the call were accepted', () => {
  function failure(fn: () => unknown): KvmError {
    try {
      fn();
    } catch (err) {
      if (err instanceof KvmError) return err;
      throw err;
    }
    throw new Error('expected a KvmError');
  }

  it('EBUSY in the middle of a raw batch: the records before it stay, and the error counts them', () => {
    const vm = vmWith({ maxVcpus: 1 });
    const err = failure(enq(vm, many(70, (k) => PFD(k, 0, 0))));
    expect(err.errnoName).toBe('EBUSY');
    expect(err.metadata['acceptedRecords']).toBe('64');
    expect(vm.inspect().limits.pfault.count).toBe(64);
  });

  it('the same through the typed path, and 0 when the batch is refused before any record', () => {
    const vm = vmWith({ maxVcpus: 1 });
    const pfd = (k: number) => ({ kind: 'ext' as const, type: 0xfffe0005n, extParams: 0, pad: 0, extParams2: BigInt(k) });
    const err = failure(() => vm.enqueue(Array.from({ length: 66 }, (_, k) => pfd(k))));
    expect([err.errnoName, err.metadata['acceptedRecords']]).toEqual(['EBUSY', '64']);
    const bad = failure(() => vm.enqueue([{ kind: 'io', type: 0x1_0000_0000n, subchannelId: 1, subchannelNr: 1, ioIntParm: 0, ioIntWord: 0 }]));
    expect([bad.errnoName, bad.metadata['acceptedRecords']]).toEqual(['EINVAL', '0']);
  });

  it('EINVAL on an unknown type and EFAULT past the readable bytes, on both profiles', () => {
    for (const profile of ['current', 'original'] as const) {
      const vm = vmWith({ profile });
      expect(failure(enq(vm, A, A, RAW(0xfffe0001))).metadata['acceptedRecords']).toBe('2');
      const data = cat(A, A, A);
      const efault = failure(() => vm.setAttr(call(2, data.length + 72, data)));
      expect([efault.errnoName, efault.metadata['acceptedRecords']]).toEqual(['EFAULT', '3']);
    }
  });
});

describe('ENODEV', () => {
  it('KVM_CREATE_DEVICE with an unregistered type, with or without TEST', () => {
    const vm = vmWith({}, false);
    for (const t of [0, 4, 5, 7, 0xffffffff]) {
      expect(errnoOf(() => vm.createDevice(t, 0))).toBe('ENODEV');
      expect(errnoOf(() => vm.createDevice(t, 1))).toBe('ENODEV');
    }
  });
  it('an attribute call on a VM without a FLIC', () => {
    const vm = vmWith({}, false);
    expect(errnoOf(() => vm.setAttr(call(3, 0)))).toBe('ENODEV');
    expect(errnoOf(() => vm.enqueue([]))).toBe('ENODEV');
    expect(vm.createDevice(6, 1)).toBe(false); // TEST creates nothing
    expect(errnoOf(() => vm.inspect())).toBe('ENODEV');
    expect(vm.createDevice(6, 0)).toBe(true);
    expect(vm.createDevice(6, 1)).toBe(false); // TEST still succeeds once a FLIC exists
    expect(errnoOf(() => vm.createDevice(6, 2))).toBe('EINVAL'); // flag bits other than TEST are ignored
  });
});

describe('EINVAL', () => {
  it('second FLIC create', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.createDevice(6, 0))).toBe('EINVAL');
  });
  it('SET and GET on an unknown group or in the wrong direction', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(1, 72)))).toBe('EINVAL');
    for (const g of [2, 3, 4, 5, 6, 7, 8, 9, 10]) expect(errnoOf(() => vm.getAttr(call(g, 72)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(13, 0)))).toBe('EINVAL');
  });
  it('ENQUEUE length not a multiple of 72, or above 0x2000000', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(2, 71, A)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(2, 466034 * 72, A)))).toBe('EINVAL'); // the first multiple of 72 past the max
    expect(errnoOf(() => vm.setAttr(call(2, 33554376, A)))).toBe('EFAULT'); // the max itself passes
    // attr is truncated to 32 bits: 2^32 + 72 is 72.
    expect(vm.setAttr(call(2, 0x100000048n, A)).ret).toBe(0);
  });
  it('ENQUEUE records with rejected types, including PFAULT_INIT and every per-vCPU type', () => {
    const vm = vmWith();
    for (const t of [0xfffe0004, 0xfffe0000, 0xfffe0001, 0xfffe0002, 0xfffe0003, 0xffff1004, 0xffff1005, 0xffff1201, 0xffff1202, 0xfffe0006, 0xffffffff, 0x100000000n, 0xffffffffffffffffn]) {
      expect(errnoOf(enq(vm, RAW(t))), `type ${t.toString(16)}`).toBe('EINVAL');
    }
    expect(count(vm)).toBe(0);
  });
  it('GET_ALL_IRQS length 0 or above 0x2000000', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.getAttr(call(1, 0)))).toBe('EINVAL');
    expect(errnoOf(() => vm.getAttr(call(1, 0x2000001)))).toBe('EINVAL');
    expect(vm.getAttr(call(1, 0x2000000)).ret).toBe(0);
    expect(vm.getAttr(call(1, 1)).ret).toBe(0);
  });
  it('ADAPTER_REGISTER: id ≥ 64, duplicate id', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(6, 0, reg8(64))))).toBe('EINVAL');
    expect(vm.setAttr(call(6, 0, reg8(63, 255))).ret).toBe(0);
    expect(errnoOf(() => vm.setAttr(call(6, 0, reg8(63))))).toBe('EINVAL');
  });
  it('ADAPTER_MODIFY: unknown adapter, non-maskable MASK, unknown type', () => {
    const vm = vmWith();
    vm.setAttr(call(6, 0, reg8(1, 3, 0)));
    vm.setAttr(call(6, 0, reg8(2, 3, 1)));
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(3, 1, 1, 0n))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(64, 2, 0, 0n))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 1, 1, 0n))))).toBe('EINVAL');
    expect(vm.setAttr(call(7, 0, mod16(2, 1, 1, 0n))).ret).toBe(0);
    expect(vm.inspect().adapters.find((a) => a.id === 2)?.masked).toBe(true);
    for (const t of [0, 4, 255]) expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, t, 0, 0n))))).toBe('EINVAL');
    // Current kernels: MAP and UNMAP are no-ops, even for address 0.
    expect(vm.setAttr(call(7, 0, mod16(1, 2, 0, 0n))).ret).toBe(0);
    expect(vm.setAttr(call(7, 0, mod16(1, 3, 0, 0x1234n))).ret).toBe(0);
  });
  it('legacy MAP/UNMAP: addr 0, the leaking counter, UNMAP not found', () => {
    const vm = vmWith({ adapterMapMode: 'legacy' });
    vm.setAttr(call(6, 0, reg8(1)));
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 2, 0, 0n))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 3, 0, 0n))))).toBe('EINVAL');
    for (let i = 0; i < 255; i++) vm.setAttr(call(7, 0, mod16(1, 2, 0, 0x1000n))); // duplicates allowed
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 2, 0, 0x1000n))))).toBe('EINVAL'); // the 256th
    expect(vm.setAttr(call(7, 0, mod16(1, 3, 0, 0x1000n))).ret).toBe(0);
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 2, 0, 0x1000n))))).toBe('EINVAL'); // the rejected MAP leaked
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 3, 0, 0x9000n))))).toBe('EINVAL');
    const a = vm.inspect().adapters[0]!;
    expect(a.mappings.length).toBe(254);
  });
  it('tracked MAP/UNMAP: addr 0', () => {
    const vm = vmWith({ adapterMapMode: 'tracked' });
    vm.setAttr(call(6, 0, reg8(1)));
    expect(errnoOf(() => vm.setAttr(call(7, 0, mod16(1, 3, 0, 0n))))).toBe('EINVAL');
  });
  it('CLEAR_IO_IRQ: flags ≠ 0, attr ≠ 4, schid 0 — in that order', () => {
    const vm = vmWith();
    enq(vm, A)();
    expect(errnoOf(() => vm.setAttr(call(8, 4, schid(0xfe010005), { flags: 1 })))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(8, 5, schid(0xfe010005))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(8, 0x100000004n, schid(0xfe010005))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(8, 4, new Uint8Array(0), { flags: 1, badAddr: true })))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(8, 5, new Uint8Array(0), { badAddr: true })))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(8, 4, new Uint8Array(0), { badAddr: true })))).toBe('EFAULT');
    expect(errnoOf(() => vm.setAttr(call(8, 4, schid(0))))).toBe('EINVAL');
    expect(count(vm)).toBe(1);
  });
  it('AISM: isc > 7, unknown mode', () => {
    const vm = vmWith({ ais: true });
    expect(errnoOf(() => vm.setAttr(call(9, 0, bytes(8, 0, 0, 0))))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(9, 0, bytes(0, 0, 0xff, 0xff))))).toBe('EINVAL');
  });
  it('AIRQ_INJECT: unknown adapter', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(10, 0)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(10, 0xffffffff)))).toBe('EINVAL');
  });
  it('AISM_ALL GET with attr < 2, checked before the facility', () => {
    const vm = vmWith({ ais: true });
    expect(errnoOf(() => vm.getAttr(call(11, 1)))).toBe('EINVAL');
    expect(vm.getAttr(call(11, 0xffffffffffffffffn)).data).toEqual(bytes(0, 0));
  });
  it('APF groups on a ucontrol VM', () => {
    const vm = vmWith({ ucontrol: true });
    expect(errnoOf(() => vm.setAttr(call(4, 0)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(5, 0)))).toBe('EINVAL');
  });
  it('the 2013 device: its list limit, and groups it does not have', () => {
    const vm = vmWith({ profile: 'original' });
    const fill = many(266249, (k) => SVC(k));
    vm.setAttr(call(2, fill.length, fill));
    expect(enq(vm, A)().ret).toBe(0);
    expect(errnoOf(enq(vm, SVC(1)))).toBe('EINVAL');
    for (const g of [4, 5, 6, 7, 8, 9, 10, 11]) expect(errnoOf(() => vm.setAttr(call(g, 0, new Uint8Array(16))))).toBe('EINVAL');
    expect(errnoOf(() => vm.getAttr(call(11, 2)))).toBe('EINVAL');
  });
  it('values the ABI cannot carry, and bad VM ids or configurations', () => {
    const vm = vmWith();
    expect(errnoOf(() => vm.setAttr(call(2, -1n)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr(call(2, 1n << 64n)))).toBe('EINVAL');
    expect(errnoOf(() => vm.setAttr({ ...call(3, 0), group: -1 }))).toBe('EINVAL');
    expect(errnoOf(() => vm.clearIoIrq(0x10000, 0))).toBe('EINVAL');
    expect(errnoOf(() => vm.aism(256, 0))).toBe('EINVAL');
    const reg = new VmRegistry();
    for (const id of ['', 'x'.repeat(129), 'a b', 'é']) expect(errnoOf(() => reg.createVm(id))).toBe('EINVAL');
    expect(errnoOf(() => reg.createVm('x'.repeat(128)))).toBe('success');
    for (const config of [{ maxVcpus: 0 }, { maxVcpus: 256 }, { profile: 'future' as 'current' }, { profile: 'original' as const, gisa: true }]) {
      expect(errnoOf(() => reg.createVm('c', config))).toBe('EINVAL');
    }
  });
});

describe('EOPNOTSUPP', () => {
  it('AISM, AISM_ALL SET, and AISM_ALL GET with attr ≥ 2 when the AIS facility is off', () => {
    const vm = vmWith({ ais: false });
    expect(errnoOf(() => vm.setAttr(call(9, 0, new Uint8Array(0), { badAddr: true })))).toBe('EOPNOTSUPP');
    expect(errnoOf(() => vm.setAttr(call(11, 2, new Uint8Array(0), { badAddr: true })))).toBe('EOPNOTSUPP');
    expect(errnoOf(() => vm.getAttr(call(11, 2, new Uint8Array(0), { badAddr: true })))).toBe('EOPNOTSUPP');
  });
});

describe('registry errnos', () => {
  it('EEXIST for a duplicate VM, ENOSPC past the VM limit', () => {
    const reg = new VmRegistry({ maxVms: 2 });
    reg.createVm('a');
    expect(errnoOf(() => reg.createVm('a'))).toBe('EEXIST');
    reg.createVm('b');
    expect(errnoOf(() => reg.createVm('c'))).toBe('ENOSPC');
    reg.deleteVm('a');
    reg.createVm('c');
    expect(reg.listVms()).toEqual(['b', 'c']);
  });
});

describe('not produced by the model', () => {
  it('ENOBUFS and ENOTTY have names and numbers but no condition an emulator reaches', async () => {
    const { ERRNO } = await import('../../src/device/errno.js');
    expect(ERRNO.ENOBUFS).toBe(105);
    expect(ERRNO.ENOTTY).toBe(25);
  });
});

describe('AIRQ_INJECT details', () => {
  it('adapter isc above 7: word keeps 5 bits, queue from bits 27-29, never suppressed', () => {
    const vm = vmWith({ ais: true });
    vm.setAttr(call(6, 0, reg8(1, 9, 0, 1)));
    vm.setAttr(call(6, 0, reg8(2, 16, 0, 1)));
    vm.setAttr(call(11, 2, bytes(0xff, 0xff)));
    vm.setAttr(call(10, 1));
    vm.setAttr(call(10, 2));
    expect(vm.getAttr(call(1, 720)).data).toEqual(cat(IO(0x04000000, 0, 0, 0, 0x80000000), IO(0x04000000, 0, 0, 0, 0xc8000000)));
    expect(vm.inspect().io[1]!.length).toBe(1);
  });
  it('the (simm 0, nimm 1) state, reachable only through AISM_ALL, suppresses', () => {
    const vm = vmWith({ ais: true });
    vm.setAttr(call(6, 0, reg8(1, 3, 0, 1)));
    vm.setAttr(call(11, 2, bytes(0x00, 0x10)));
    vm.setAttr(call(10, 1));
    expect(count(vm)).toBe(0);
    expect(vm.inspect().counters.suppressed).toBe(1);
    vm.setAttr(call(9, 0, bytes(3, 0, 0, 0)));
    vm.setAttr(call(10, 1));
    expect(vm.getAttr(call(1, 72)).data).toEqual(AI(3));
  });
  it('ignores the adapter mask', () => {
    const vm = vmWith();
    vm.setAttr(call(6, 0, reg8(1, 3, 1)));
    vm.setAttr(call(7, 0, mod16(1, 1, 1, 0n)));
    vm.setAttr(call(10, 1));
    expect(count(vm)).toBe(1);
  });
});
