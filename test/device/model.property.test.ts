// Random call sequences through the device and through the naive reference model: the same errno
// for every call, the same GET_ALL_IRQS bytes, and queue depths that always equal what
// GET_ALL_IRQS returns. The typed API and the raw API must agree as well.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KvmError, VmRegistry, decodeIrqs, type AttrCall, type Vm } from '../../src/device/index.js';
import { EXT, IO, MCHK, RAW, bytes, cat } from '../conformance/recordBytes.js';
import { ReferenceFlic } from './referenceModel.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const schid = fc.constantFrom(0x00010001, 0x00010002, 0xfe010005, 0xfe010006, 0xffffffff, 0);
const ioRecord = fc
  .tuple(fc.constantFrom(0, 0x03f80005, 0x04000000, 0x07000000, 0xfffdffff), schid, u32, fc.integer({ min: 0, max: 15 }), u32)
  .map(([type, s, parm, iscish, low]) => IO(type, s >>> 16, s & 0xffff, parm, ((iscish << 27) | (low & 0x7ffffff)) >>> 0));
const extRecord = fc
  .tuple(fc.constantFrom(0xffff2603, 0xffff2401, 0xfffe0005, 0xfffe0004), u32, u32, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }))
  .map(([type, p, pad, p2]) => EXT(type, p, pad, p2));
const mchkRecord = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map(([cr14, mcic]) => MCHK(cr14, mcic, 7, 9));
const badRecord = fc.constantFrom(0xfffe0001, 0xffff1202, 0xfffe0006, 0x100000000n).map((t) => RAW(t));
const record = fc.oneof({ weight: 6, arbitrary: ioRecord }, { weight: 3, arbitrary: extRecord }, { weight: 1, arbitrary: mchkRecord }, { weight: 1, arbitrary: badRecord });

type Op =
  | { op: 'enqueue'; records: Uint8Array[]; typed: boolean }
  | { op: 'clearIo'; schid: number }
  | { op: 'clearAll' }
  | { op: 'register'; id: number; isc: number; flags: number }
  | { op: 'airq'; id: number }
  | { op: 'aism'; isc: number; mode: number }
  | { op: 'aismAllSet'; simm: number; nimm: number }
  | { op: 'aismAllGet' }
  | { op: 'getAll'; len: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('enqueue' as const), records: fc.array(record, { minLength: 1, maxLength: 6 }), typed: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('clearIo' as const), schid }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clearAll' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('register' as const), id: fc.integer({ min: 0, max: 65 }), isc: fc.integer({ min: 0, max: 20 }), flags: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('airq' as const), id: fc.integer({ min: 0, max: 65 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('aism' as const), isc: fc.integer({ min: 0, max: 8 }), mode: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('aismAllSet' as const), simm: fc.integer({ min: 0, max: 255 }), nimm: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'aismAllGet' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('getAll' as const), len: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.constant(0x2000000)) }) },
);

const call = (group: number, attr: bigint | number, data: Uint8Array = new Uint8Array(0)): AttrCall => ({ flags: 0, group, attr: BigInt(attr), data, badAddr: false });

function run(fn: () => unknown): { errno: string | null; value: unknown } {
  try {
    return { errno: null, value: fn() };
  } catch (e) {
    if (e instanceof KvmError) return { errno: e.errnoName, value: undefined };
    throw e;
  }
}

function apply(vm: Vm, ref: ReferenceFlic, o: Op): void {
  switch (o.op) {
    case 'enqueue': {
      const data = cat(...o.records);
      const got = o.typed ? run(() => vm.enqueue(decodeIrqs(data))) : run(() => vm.setAttr(call(2, data.length, data)));
      expect(got.errno).toBe(ref.enqueue(o.records));
      return;
    }
    case 'clearIo': {
      const w = new Uint8Array(4);
      new DataView(w.buffer).setUint32(0, o.schid);
      expect(run(() => vm.setAttr(call(8, 4, w))).errno).toBe(ref.clearIo(o.schid));
      return;
    }
    case 'clearAll':
      vm.setAttr(call(3, 0));
      ref.clearAll();
      return;
    case 'register': {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setUint32(0, o.id);
      b.set([o.isc, 0, 0, o.flags], 4);
      expect(run(() => vm.setAttr(call(6, 0, b))).errno).toBe(ref.register(o.id, o.isc, o.flags));
      return;
    }
    case 'airq':
      expect(run(() => vm.setAttr(call(10, o.id))).errno).toBe(ref.airq(o.id));
      return;
    case 'aism':
      expect(run(() => vm.setAttr(call(9, 0, bytes(o.isc, 0, 0, o.mode)))).errno).toBe(ref.aism(o.isc, o.mode));
      return;
    case 'aismAllSet':
      expect(run(() => vm.setAttr(call(11, 2, bytes(o.simm, o.nimm)))).errno).toBe(ref.aismAllSet(o.simm, o.nimm));
      return;
    case 'aismAllGet': {
      const got = run(() => vm.getAttr(call(11, 2)));
      const want = ref.aismAllGet();
      if (typeof want === 'string') expect(got.errno).toBe(want);
      else expect((got.value as { data: Uint8Array }).data).toEqual(want);
      return;
    }
    case 'getAll': {
      const got = run(() => vm.getAttr(call(1, o.len)));
      const want = ref.getAll(o.len);
      if (typeof want === 'string') expect(got.errno).toBe(want);
      else {
        expect(got.errno).toBeNull();
        const res = got.value as { ret: number; data: Uint8Array };
        expect(res.ret).toBe(want.length / 72);
        expect(Buffer.from(res.data).equals(Buffer.from(want))).toBe(true);
      }
      return;
    }
  }
}

function checkInvariants(vm: Vm, ref: ReferenceFlic): void {
  const d = vm.flic!.depths();
  expect(d.total).toBe(ref.pending());
  expect(d.io).toEqual(ref.ioDepths());
  expect(vm.inspect().ais).toMatchObject({ simm: ref.simm, nimm: ref.nimm });
  if (!vm.config.gisa) {
    // Without a GISA, GET_ALL_IRQS does not change state, so the depths can be checked against it.
    const all = vm.getAttr(call(1, 0x2000000));
    expect(all.ret).toBe(d.total);
    const perIsc = [0, 0, 0, 0, 0, 0, 0, 0];
    for (const irq of decodeIrqs(all.data)) if (irq.kind === 'io') perIsc[(irq.ioIntWord >>> 27) & 7]!++;
    expect(perIsc).toEqual(d.io);
  }
}

describe('device against the naive reference model', () => {
  for (const gisa of [false, true]) {
    it(`agrees on every errno and every GET_ALL_IRQS (gisa=${gisa})`, () => {
      let n = 0;
      fc.assert(
        fc.property(fc.boolean(), fc.integer({ min: 1, max: 2 }), fc.array(opArb, { maxLength: 80 }), (ais, maxVcpus, ops) => {
          const reg = new VmRegistry();
          reg.createVm(`p${n++}`, { ais, gisa, maxVcpus });
          const vm = reg.get(`p${n - 1}`);
          vm.createDevice(6);
          const ref = new ReferenceFlic(ais, gisa, maxVcpus);
          for (const o of ops) {
            apply(vm, ref, o);
            checkInvariants(vm, ref);
          }
        }),
        { numRuns: 250 },
      );
    });
  }

  it('fills PFAULT_DONE to its limit and agrees on EBUSY', () => {
    const reg = new VmRegistry();
    reg.createVm('pf', { maxVcpus: 1 });
    const vm = reg.get('pf');
    vm.createDevice(6);
    const ref = new ReferenceFlic(false, false, 1);
    for (let i = 0; i < 70; i++) apply(vm, ref, { op: 'enqueue', records: [EXT(0xfffe0005, i, 0, 0)], typed: i % 2 === 0 });
    expect(vm.flic!.depths().pfault).toBe(64);
    checkInvariants(vm, ref);
  });
});
