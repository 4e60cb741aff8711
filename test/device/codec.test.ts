// The ABI codecs round-trip, and encode the documented bytes (spec §9).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KvmError,
  decodeAdapter,
  decodeAdapterRequest,
  decodeAisAll,
  decodeAisRequest,
  decodeIrq,
  decodeIrqs,
  encodeAdapter,
  encodeAdapterRequest,
  encodeAisAll,
  encodeAisRequest,
  encodeIrqs,
  hi32,
  ioType,
  join64,
  lo32,
  type Irq,
} from '../../src/device/index.js';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const bytesOf = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

const ioIrq = fc.record({
  kind: fc.constant('io' as const),
  type: fc.bigInt({ min: 0n, max: 0xfffdffffn }),
  subchannelId: u16,
  subchannelNr: u16,
  ioIntParm: u32,
  ioIntWord: u32,
});
const extIrq = fc.record({
  kind: fc.constant('ext' as const),
  type: fc.constantFrom(0xffff2603n, 0xffff2401n, 0xfffe0005n, 0xfffe0004n),
  extParams: u32,
  pad: u32,
  extParams2: u64,
});
const mchkIrq = fc.record({
  kind: fc.constant('mchk' as const),
  type: fc.constant(0xfffe1000n),
  cr14: u64,
  mcic: u64,
  failingStorageAddress: u64,
  extDamageCode: u32,
  pad: u32,
  fixedLogout: bytesOf(16),
});
const rawIrq = fc.record({
  kind: fc.constant('raw' as const),
  type: fc.oneof(fc.bigInt({ min: 0x100000000n, max: 0xffffffffffffffffn }), fc.constantFrom(0xfffe0000n, 0xfffe0001n, 0xffff1004n, 0xffff1202n)),
  payload: bytesOf(64),
});
export const anyIrq: fc.Arbitrary<Irq> = fc.oneof(ioIrq, extIrq, mchkIrq, rawIrq);

describe('struct kvm_s390_irq codec', () => {
  it('round-trips random records of every union member', () => {
    fc.assert(
      fc.property(fc.array(anyIrq, { maxLength: 20 }), (irqs) => {
        expect(decodeIrqs(encodeIrqs(irqs))).toEqual(irqs);
      }),
    );
  });

  it('encodes the worked example of spec §9.1 byte for byte', () => {
    const b = encodeIrqs([{ kind: 'io', type: ioType(0xfe, 0, 5), subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 0x11223344, ioIntWord: 0x18000000 }]);
    expect(Buffer.from(b).toString('hex')).toBe('0000000003f80005fe01000511223344180000000000000000000000' + '00'.repeat(44));
    const svc = encodeIrqs([{ kind: 'ext', type: 0xffff2401n, extParams: 0x1001, pad: 0, extParams2: 0n }]);
    expect(Buffer.from(svc.subarray(0, 12)).toString('hex')).toBe('00000000ffff240100001001');
  });

  it('refuses values that do not fit their field with EINVAL', () => {
    const bad: Irq[] = [
      { kind: 'io', type: 1n << 64n, subchannelId: 0, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0 },
      { kind: 'io', type: -1n, subchannelId: 0, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0 },
      { kind: 'io', type: 0n, subchannelId: 0x10000, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0 },
      { kind: 'io', type: 0n, subchannelId: 0, subchannelNr: 0, ioIntParm: 1.5, ioIntWord: 0 },
      { kind: 'ext', type: 0n, extParams: -1, pad: 0, extParams2: 0n },
      { kind: 'mchk', type: 0n, cr14: 0n, mcic: 0n, failingStorageAddress: 0n, extDamageCode: 0, pad: 0, fixedLogout: new Uint8Array(17) },
      { kind: 'raw', type: 0n, payload: new Uint8Array(65) },
    ];
    for (const irq of bad) {
      expect(() => encodeIrqs([irq])).toThrow(KvmError);
      try {
        encodeIrqs([irq]);
      } catch (e) {
        expect((e as KvmError).errnoName).toBe('EINVAL');
      }
    }
  });
});

describe('other structures', () => {
  it('kvm_s390_io_adapter round-trips', () => {
    fc.assert(
      fc.property(u32, fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 255 }), (id, isc, maskable, swap, flags) => {
        const a = { id, isc, maskable, swap, flags };
        expect(decodeAdapter(encodeAdapter(a))).toEqual(a);
      }),
    );
  });
  it('kvm_s390_io_adapter_req round-trips', () => {
    fc.assert(
      fc.property(u32, fc.integer({ min: 0, max: 255 }), fc.boolean(), u64, (id, type, mask, addr) => {
        const r = { id, type, mask, addr };
        expect(decodeAdapterRequest(encodeAdapterRequest(r))).toEqual(r);
      }),
    );
  });
  it('kvm_s390_ais_req and kvm_s390_ais_all round-trip, with the documented layout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), u16, (isc, mode) => {
        expect(decodeAisRequest(encodeAisRequest(isc, mode))).toEqual({ isc, mode });
      }),
    );
    expect([...encodeAisRequest(3, 1)]).toEqual([3, 0, 0, 1]);
    expect(decodeAisAll(encodeAisAll({ simm: 0x90, nimm: 0x10 }))).toEqual({ simm: 0x90, nimm: 0x10 });
  });
  it('64-bit halves split and join exactly', () => {
    fc.assert(fc.property(u64, (v) => {
      expect(join64(hi32(v), lo32(v))).toBe(v);
    }));
  });
  it('decodeIrq picks the member from the type', () => {
    expect(decodeIrq(encodeIrqs([{ kind: 'raw', type: 0xfffe1000n, payload: new Uint8Array(64) }]), 0).kind).toBe('mchk');
  });
});
