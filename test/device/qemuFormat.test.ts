// The QEMU format (issue 14, docs/state.md): the s390-flic VMState section body as QEMU's KVM FLIC
// writes it. The byte vectors are written out by hand from hw/intc/s390_flic_kvm.c
// (kvm_flic_save: qemu_put_be64(count), then count × sizeof(struct kvm_s390_irq); the
// s390-flic/ais subsection's simm and nimm as two u8) and migration/vmstate.c
// (vmstate_subsection_save: QEMU_VM_SUBSECTION 0x05, the name's length, the name, be32 version).
import { describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, KVM_S390_MAX_FLOAT_IRQS, KvmError, VmRegistry, type VmConfig } from '../../src/device/index.js';
import { A, D, MCHK, PFD, SVC, VIRTIO, io } from '../support/typedRecords.js';
import { ioIrq } from '../support/workload.js';

const hex = (...parts: string[]): Uint8Array => Uint8Array.from(Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex'));
const zeros = (n: number): string => '00'.repeat(n);

const NO_RECORDS = '00000000 00000000';
// 0x05, strlen("s390-flic/ais") = 13, the name, version_id 1.
const AIS_HEADER = '05 0d 73 33 39 30 2d 66 6c 69 63 2f 61 69 73 00000001';

// GET_ALL_IRQS order: I/O ISC 0 (D) then ISC 3 (A), PFAULT_DONE, VIRTIO, service, machine check.
const MIXED_RECORDS = [
  `00000000 03f80008  fe01 0008 000000d4 00000000 ${zeros(52)}`,
  `00000000 03f80005  fe01 0005 000000a1 18000000 ${zeros(52)}`,
  `00000000 fffe0005  00000004 00000005 0000000000000006 ${zeros(48)}`,
  `00000000 ffff2603  00000001 00000002 0000000000000003 ${zeros(48)}`,
  `00000000 ffff2401  00001230 ${zeros(60)}`,
  `00000000 fffe1000  0000000010000000 0000000000008000 ${zeros(48)}`,
];
const MIXED = hex('00000000 00000006', ...MIXED_RECORDS);
const MIXED_AIS = hex('00000000 00000006', ...MIXED_RECORDS, AIS_HEADER, '90 10');

function vmWith(config: Partial<VmConfig>, flic = true): VmRegistry {
  const vms = new VmRegistry();
  vms.createVm('vm', config);
  if (flic) vms.vm('vm').createDevice(KVM_DEV_TYPE_FLIC);
  return vms;
}

function fillMixed(vms: VmRegistry): void {
  vms.vm('vm').enqueue([A, D, VIRTIO(1, 2, 3n), PFD(4, 5, 6n), SVC(0x1230), MCHK(0x10000000n, 0x8000n)]);
}

function errnoOf(fn: () => unknown): KvmError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KvmError) return err;
    throw err;
  }
  throw new Error('no KvmError');
}

describe('QEMU-format export', () => {
  it('an empty VM: a zero count; with AIS, the subsection', () => {
    expect(vmWith({}).exportVm('vm', 'qemu')).toEqual(hex(NO_RECORDS));
    expect(vmWith({ ais: true }).exportVm('vm', 'qemu')).toEqual(hex(NO_RECORDS, AIS_HEADER, '00 00'));
  });

  it('a mixed queue, in GET_ALL_IRQS order, and the AIS masks', () => {
    const vms = vmWith({});
    fillMixed(vms);
    expect(vms.exportVm('vm', 'qemu')).toEqual(MIXED);
    const ais = vmWith({ ais: true });
    fillMixed(ais);
    ais.vm('vm').setAismAll({ simm: 0x90, nimm: 0x10 });
    expect(ais.exportVm('vm', 'qemu')).toEqual(MIXED_AIS);
  });

  it('includes GISA bits as adapter records without taking them, and never a subsection on the 2013 profile', () => {
    const vms = vmWith({ gisa: true });
    vms.vm('vm').enqueue([io(0x04000000, 0, 0, 0, 0x90000000)]);
    expect(vms.exportVm('vm', 'qemu')).toEqual(hex('00000000 00000001', `00000000 04000000 0000 0000 00000000 90000000 ${zeros(52)}`));
    expect(vms.vm('vm').inspect().gisaIpm).toBe(0x20);
    const original = vmWith({ profile: 'original' });
    original.vm('vm').enqueue([D, A, SVC(0x8), SVC(0x10)]);
    expect(original.exportVm('vm', 'qemu')).toEqual(
      hex('00000000 00000004', `00000000 03f80005 fe01 0005 000000a1 18000000 ${zeros(52)}`, `00000000 03f80008 fe01 0008 000000d4 00000000 ${zeros(52)}`, `00000000 ffff2401 00000008 ${zeros(60)}`, `00000000 ffff2401 00000010 ${zeros(60)}`),
    );
  });

  it('needs a FLIC', () => {
    expect(errnoOf(() => vmWith({}, false).exportVm('vm', 'qemu')).errnoName).toBe('ENODEV');
    expect(errnoOf(() => vmWith({}).exportVm('nope', 'qemu')).errnoName).toBe('ENOENT');
  });
});

describe('QEMU-format import', () => {
  it('loads the records with one ENQUEUE, enables APF and sets the AIS masks', () => {
    const vms = vmWith({ ais: true });
    vms.importVm('vm', MIXED_AIS, 'qemu');
    const i = vms.vm('vm').inspect();
    expect(i.apfEnabled).toBe(true);
    expect(i.ais).toEqual({ simm: 0x90, nimm: 0x10, facility: true });
    expect(vms.exportVm('vm', 'qemu')).toEqual(MIXED_AIS);
    expect(i.counters.injectedIo).toBe(2);
  });

  it('a zero count enqueues nothing and still enables APF', () => {
    const vms = vmWith({});
    vms.importVm('vm', hex(NO_RECORDS), 'qemu');
    expect(vms.vm('vm').inspect()).toMatchObject({ apfEnabled: true, depths: { total: 0 } });
  });

  it('refuses a malformed blob with EINVAL before any change', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['FLIC_FAILED', hex('ffffffffffffffff'), /FLIC_FAILED/],
      ['short count', hex('000000'), /too short/],
      ['fewer record bytes than the count', hex('00000000 00000002', MIXED_RECORDS[0]!), /2 records \(144 bytes\), only 72/],
      ['a huge count', hex('7fffffff ffffffff'), /only 0 bytes follow/],
      ['a stray byte', hex(NO_RECORDS, '00'), /do not start a subsection/],
      ['a bare marker', hex(NO_RECORDS, '05'), /without its name length/],
      ['another subsection', hex(NO_RECORDS, '05 0d 73 33 39 30 2d 66 6c 69 63 2f 61 69 78 00000001 00 00'), /is not s390-flic\/ais/],
      ['version 2', hex(NO_RECORDS, AIS_HEADER.replace('00000001', '00000002'), '00 00'), /version 2/],
      ['a short subsection', hex(NO_RECORDS, AIS_HEADER, '00'), /takes 21 bytes, 20 follow/],
      ['bytes after the subsection', hex(NO_RECORDS, AIS_HEADER, '00 00 00'), /takes 21 bytes, 22 follow/],
    ];
    for (const [what, blob, detail] of cases) {
      const vms = vmWith({ ais: true });
      const err = errnoOf(() => vms.importVm('vm', blob, 'qemu'));
      expect(err.errnoName, what).toBe('EINVAL');
      expect(err.detail, what).toMatch(detail);
      expect(vms.vm('vm').inspect(), what).toMatchObject({ apfEnabled: false, depths: { total: 0 } });
    }
  });

  it('the AIS subsection on a VM without AIS: ENOSYS, the records already loaded stay', () => {
    const vms = vmWith({});
    const err = errnoOf(() => vms.importVm('vm', MIXED_AIS, 'qemu'));
    expect(err.errnoName).toBe('ENOSYS');
    expect(err.errno).toBe(38);
    expect(vms.exportVm('vm', 'qemu')).toEqual(MIXED);
    expect(errnoOf(() => vmWith({ profile: 'original' }).importVm('vm', hex(NO_RECORDS, AIS_HEADER, '00 00'), 'qemu')).errnoName).toBe('ENOSYS');
  });

  it("ignores APF_ENABLE's failure, as QEMU does, and keeps ENQUEUE's partial effect", () => {
    const ucontrol = vmWith({ ucontrol: true });
    ucontrol.importVm('vm', MIXED, 'qemu');
    expect(ucontrol.exportVm('vm', 'qemu')).toEqual(MIXED);
    const original = vmWith({ profile: 'original' });
    original.importVm('vm', MIXED, 'qemu');
    expect(original.vm('vm').inspect().depths.total).toBe(6);

    const full = vmWith({});
    full.vm('vm').enqueue(Array.from({ length: KVM_S390_MAX_FLOAT_IRQS - 1 }, (_, k) => ioIrq(k)));
    const err = errnoOf(() => full.importVm('vm', MIXED, 'qemu'));
    expect(err).toMatchObject({ errnoName: 'EBUSY', metadata: { acceptedRecords: '1' } });
    expect(full.vm('vm').inspect().depths.io[0]).toBe(Math.ceil((KVM_S390_MAX_FLOAT_IRQS - 1) / 8) + 1);
  });

  it('loads into an existing VM with a FLIC only', () => {
    expect(errnoOf(() => vmWith({}, false).importVm('vm', hex(NO_RECORDS), 'qemu')).errnoName).toBe('ENODEV');
    expect(errnoOf(() => vmWith({}).importVm('other', hex(NO_RECORDS), 'qemu')).errnoName).toBe('ENOENT');
  });
});
