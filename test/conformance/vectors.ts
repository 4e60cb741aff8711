// Every scenario of ../shared/conformance/kernel-vectors.md as data. The same vectors replay
// through the in-process device (test/device) and through the real gRPC server (test/server).
import type { VmConfig } from '../../src/device/types.js';
import { A, AI, B, C, D, EXT, IO, MCHK, PFD, RAW, SVC, VIRTIO, bytes, cat, fillIo, many, schid } from './recordBytes.js';

export type Errno =
  | 'EPERM'
  | 'ENOENT'
  | 'ENXIO'
  | 'ENOMEM'
  | 'EFAULT'
  | 'EBUSY'
  | 'ENODEV'
  | 'EINVAL'
  | 'EOPNOTSUPP'
  | 'ENOBUFS';

export type Expect = { errno: Errno } | { ret: number; data?: Uint8Array };

export type Step =
  | { op: 'create'; type: number; flags: number; expect: boolean | { errno: Errno } }
  | {
      op: 'set' | 'get' | 'has';
      group: number;
      attr: bigint;
      data?: Uint8Array;
      flags?: number;
      badAddr?: boolean;
      expect: Expect;
      note?: string;
    };

export interface Vector {
  readonly id: string;
  readonly title: string;
  readonly config?: Partial<VmConfig>;
  /** Create the FLIC before the steps (default true). */
  readonly createDevice?: boolean;
  readonly steps: readonly Step[];
  /** The records GETALL(0x2000000) returns at the end, or just their count. */
  readonly final?: { records: readonly Uint8Array[] } | { count: number; last?: Uint8Array; check?: (data: Uint8Array) => string | null };
}

// ---- the notation ------------------------------------------------------------------------------

const ok: Expect = { ret: 0 };
const err = (errno: Errno): Expect => ({ errno });

const SET = (group: number, attr: bigint | number, data?: Uint8Array, expect: Expect = ok, extra: Partial<Step> = {}): Step =>
  ({ op: 'set', group, attr: BigInt(attr), ...(data ? { data } : {}), expect, ...extra }) as Step;
const GET = (group: number, attr: bigint | number, expect: Expect, extra: Partial<Step> = {}): Step =>
  ({ op: 'get', group, attr: BigInt(attr), expect, ...extra }) as Step;
const HAS = (group: number, attr: bigint | number, expect: Expect): Step => ({ op: 'has', group, attr: BigInt(attr), expect });
const CREATE = (type: number, flags: number, expect: boolean | { errno: Errno }): Step => ({ op: 'create', type, flags, expect });

const ENQ = (records: Uint8Array[] | Uint8Array, expect: Expect = ok): Step => {
  const data = Array.isArray(records) ? cat(...records) : records;
  return SET(2, data.length, data, expect);
};
const GETALL = (len: number, expect: Expect): Step => GET(1, len, expect);
const GETALL_N = (len: number, records: Uint8Array[]): Step => GET(1, len, { ret: records.length, data: cat(...records) });
const CLR: Step = SET(3, 0);
const CLRIO = (word: number, expect: Expect = ok): Step => SET(8, 4, schid(word), expect);
const REG = (id: number, isc: number, o: { maskable?: number; swap?: number; flags?: number } = {}, expect: Expect = ok): Step => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, id);
  b.set([isc, o.maskable ?? 0, o.swap ?? 0, o.flags ?? 0], 4);
  return SET(6, 0, b, expect);
};
const MOD = (id: number, type: number, mask: number, addr: bigint | number, expect: Expect = ok): Step => {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, id);
  b[4] = type;
  b[5] = mask;
  dv.setBigUint64(8, BigInt(addr));
  return SET(7, 0, b, expect);
};
const AISM = (isc: number, mode: number, expect: Expect = ok): Step => SET(9, 0, bytes(isc, 0, mode >> 8, mode & 0xff), expect);
const AIRQ = (id: bigint | number, expect: Expect = ok): Step => SET(10, id, undefined, expect);
const AALL_SET = (simm: number, nimm: number, expect: Expect = ok): Step => SET(11, 2, bytes(simm, nimm), expect);
const AALL_GET = (attr: number, expect: Expect): Step => GET(11, attr, expect);
const masks = (simm: number, nimm: number): Expect => ({ ret: 0, data: bytes(simm, nimm) });
const repeat = (n: number, step: Step): Step[] => Array.from({ length: n }, () => step);

const records = (...r: Uint8Array[]) => ({ records: r });
const none = { records: [] };

// Named records of the vectors.
const E = IO(0, 0x0001, 0x0001, 0, 0xc7ffffff);
const F = IO(0x07000000, 0x0001, 0x0002, 0, 0x38000000);
const G = IO(0, 0x0001, 0x0003, 0, 0xffffffff);
const C2 = IO(0x03f80009, 0xfe01, 0x0009, 0, 0x38000000);
const E7 = IO(0x03f8000a, 0xfe01, 0x000a, 0, 0x38000000);

export const VECTORS: readonly Vector[] = [
  // ---- A. Device creation and dispatch ----
  {
    id: 'V01',
    title: 'Second FLIC create fails with EINVAL',
    createDevice: false,
    steps: [CREATE(6, 0, true), CREATE(6, 0, { errno: 'EINVAL' })],
    final: none,
  },
  {
    id: 'V03',
    title: 'Closing the FLIC fd does not allow a new FLIC (the state belongs to the VM)',
    createDevice: false,
    steps: [CREATE(6, 0, true), ENQ([A]), CREATE(6, 0, { errno: 'EINVAL' })],
    final: records(A),
  },
  {
    id: 'V05',
    title: 'Unknown groups: EINVAL for SET/GET, ENXIO for HAS',
    steps: [
      SET(0, 0, undefined, err('EINVAL')),
      SET(12, 0, undefined, err('EINVAL')),
      SET(0xffffffff, 0, undefined, err('EINVAL')),
      GET(0, 0, err('EINVAL')),
      GET(12, 72, err('EINVAL')),
      HAS(0, 0, err('ENXIO')),
      HAS(12, 0, err('ENXIO')),
      HAS(0xffffffff, 0, err('ENXIO')),
    ],
    final: none,
  },
  {
    id: 'V07',
    title: 'HAS answers 0 for every known group, whatever attr and capabilities say',
    config: { ais: false },
    steps: Array.from({ length: 11 }, (_, i) => HAS(i + 1, 0xdeadbeef, ok)),
  },
  // ---- B. ENQUEUE ----
  { id: 'V09', title: 'Zero length is a successful no-op', steps: [SET(2, 0, new Uint8Array(0))], final: none },
  {
    id: 'V11',
    title: 'Length above the maximum buffer; the maximum itself passes the length checks',
    steps: [SET(2, 33554448, A, err('EINVAL')), SET(2, 33554376, SVC(0x1000), err('EFAULT'))],
    final: records(SVC(0x1000)),
  },
  {
    id: 'V13',
    title: 'Negative 32-bit length: accepted when ≡ 56 mod 72, then unbounded',
    steps: [SET(2, 0xffffffb8, A, err('EINVAL')), SET(2, 0xfffffff0, A, err('EFAULT'))],
    final: records(A),
  },
  {
    id: 'V15',
    title: 'A rejected record stops the batch; earlier records stay',
    steps: [ENQ([A, RAW(0xfffe0001), B], err('EINVAL')), ENQ([C, VIRTIO(1, 0, 2), RAW(0xfffe0004), D], err('EINVAL'))],
    final: records(A, C, VIRTIO(1, 0, 2)),
  },
  {
    id: 'V17',
    title: 'I/O type range boundary',
    steps: [ENQ([IO(0xfffdffff, 0x0001, 0x0002, 3, 0)]), ENQ([IO(0xfffe0000, 0x0001, 0x0002, 3, 0)], err('EINVAL'))],
    final: records(IO(0xfffdffff, 0x0001, 0x0002, 3, 0)),
  },
  // ---- C. Injection rules and GET_ALL_IRQS order ----
  { id: 'V19', title: 'The ISC comes from bits 2-4 of the interruption word only', steps: [ENQ([E, F, G])], final: records(E, F, G) },
  {
    id: 'V21',
    title: 'FIFO within one ISC across calls; I/O is never merged',
    steps: [ENQ([A]), ENQ([IO(0x03f80005, 0xfe01, 0x0005, 2, 0x18000000)]), ENQ([A])],
    final: records(A, IO(0x03f80005, 0xfe01, 0x0005, 2, 0x18000000), A),
  },
  {
    id: 'V23',
    title: 'Service: event bits accumulate, SCCB part added only while empty',
    steps: [ENQ([SVC(0x00000001)]), ENQ([SVC(0x00002008)]), ENQ([SVC(0x00003002)])],
    final: records(SVC(0x0000200b)),
  },
  {
    id: 'V25',
    title: 'Service: pad and ext_params2 are discarded',
    steps: [ENQ([EXT(0xffff2401, 0x100, 0xaaaaaaaa, 0x1122334455667788n)])],
    final: records(EXT(0xffff2401, 0x100, 0, 0)),
  },
  { id: 'V27', title: 'A machine check with all-zero fields is still pending', steps: [ENQ([MCHK(0, 0)])], final: records(MCHK(0, 0)) },
  {
    id: 'V29',
    title: 'Byte-exact I/O record',
    steps: [
      ENQ([IO(0x03f80005, 0xfe01, 0x0005, 0x11223344, 0x18000000)]),
      GETALL(72, {
        ret: 1,
        data: cat(bytes(0, 0, 0, 0, 0x03, 0xf8, 0, 0x05, 0xfe, 0x01, 0, 0x05, 0x11, 0x22, 0x33, 0x44, 0x18, 0, 0, 0), new Uint8Array(52)),
      }),
    ],
  },
  // ---- D. Limits ----
  {
    id: 'V31',
    title: 'A limit reached mid-batch keeps the records before it',
    steps: [ENQ(many(87380, (k) => VIRTIO(k, 0, 0))), ENQ([VIRTIO(0xa, 0, 0), VIRTIO(0xb, 0, 0), VIRTIO(0xc, 0, 0)], err('EBUSY'))],
    final: { count: 87381, last: VIRTIO(0xa, 0, 0) },
  },
  {
    id: 'V33',
    title: 'I/O limit 266 250 is shared by all ISCs and freed by CLEAR_IO_IRQ',
    steps: [ENQ(fillIo()), ENQ([D], err('EBUSY')), ENQ([VIRTIO(1, 0, 0)]), CLRIO(0xfe010005), ENQ([D]), ENQ([C], err('EBUSY'))],
    final: {
      count: 266251,
      check: (data) => {
        // D is the last record of the ISC 0 group: records are in ISC order, ISC 0 first.
        const word = (i: number): number => new DataView(data.buffer, data.byteOffset).getUint32(i * 72 + 16);
        let lastIsc0 = -1;
        for (let i = 0; i < 266250; i++) if ((word(i) & 0x38000000) === 0) lastIsc0 = i;
        const got = data.subarray(lastIsc0 * 72, lastIsc0 * 72 + 72);
        return got.every((b, i) => b === D[i]) ? null : `last ISC 0 record is not D`;
      },
    },
  },
  // ---- E. GET_ALL_IRQS sizing ----
  {
    id: 'V35',
    title: 'ENOMEM iff records > floor(len / 72); nothing is written on ENOMEM',
    steps: [
      ENQ([A, B, C]),
      GETALL_N(216, [B, A, C]),
      GETALL(215, err('ENOMEM')),
      GETALL(144, err('ENOMEM')),
      GETALL(71, err('ENOMEM')),
      GETALL_N(300, [B, A, C]),
    ],
    final: records(B, A, C),
  },
  {
    id: 'V37',
    title: 'GET_ALL_IRQS does not dequeue (no GISA)',
    steps: [
      ENQ([A, SVC(0x1000), MCHK(0x10000000, 2)]),
      GETALL_N(720, [A, SVC(0x1000), MCHK(0x10000000, 2)]),
      GETALL_N(720, [A, SVC(0x1000), MCHK(0x10000000, 2)]),
    ],
    final: records(A, SVC(0x1000), MCHK(0x10000000, 2)),
  },
  // ---- F. CLEAR_IRQS and CLEAR_IO_IRQ ----
  {
    id: 'V39',
    title: 'CLEAR_IRQS empties interrupts only',
    config: { ais: true },
    steps: [
      REG(1, 3, { maskable: 1, flags: 1 }),
      AISM(3, 1),
      AIRQ(1),
      ENQ([A, SVC(0x1000), MCHK(0x10000000, 1), VIRTIO(1, 0, 0), PFD(0, 0, 7)]),
      SET(4, 0),
      CLR,
      GETALL(720, { ret: 0, data: new Uint8Array(0) }),
      AALL_GET(2, masks(0x10, 0x10)),
      REG(1, 5, {}, err('EINVAL')),
      AIRQ(1),
    ],
    final: none,
  },
  {
    id: 'V41',
    title: 'CLEAR_IO_IRQ with no match, and non-I/O state untouched',
    steps: [ENQ([A, SVC(0x1000), VIRTIO(1, 0, 0), PFD(0, 0, 2), MCHK(0x10000000, 1)]), CLRIO(0xfe010099), CLRIO(0x00000001)],
    final: records(A, PFD(0, 0, 2), VIRTIO(1, 0, 0), SVC(0x1000), MCHK(0x10000000, 1)),
  },
  {
    id: 'V43',
    title: "CLEAR_IO_IRQ matches the payload's subchannel fields, never the type",
    steps: [ENQ([IO(0x04000000, 0xfe01, 0x0005, 0, 0x98000000)]), ENQ([IO(0x03f80005, 0, 0, 0, 0x18000000)]), CLRIO(0xfe010005)],
    final: records(IO(0x03f80005, 0, 0, 0, 0x18000000)),
  },
  // ---- G. Adapters ----
  {
    id: 'V45',
    title: 'Registration reads 8 bytes before any check; attr is ignored',
    steps: [
      SET(6, 0, bytes(0, 0, 0, 64, 0, 0, 0), err('EFAULT')),
      SET(6, 1000, bytes(0, 0, 0, 7, 1, 0, 0, 0)),
      SET(6, 0, bytes(0, 0, 0, 7, 1, 0, 0, 0), err('EINVAL')),
    ],
  },
  {
    id: 'V47',
    title: 'AIRQ_INJECT: id checks, 32-bit truncation, record format',
    steps: [REG(4, 3), AIRQ(5, err('EINVAL')), AIRQ(64, err('EINVAL')), AIRQ(0x100000004n)],
    final: records(AI(3)),
  },
  {
    id: 'V49',
    title: 'Adapter interrupts queue FIFO with classic interrupts of the same ISC',
    steps: [REG(4, 3), ENQ([A]), AIRQ(4), ENQ([IO(0x03f80005, 0xfe01, 0x0005, 9, 0x18000000)])],
    final: records(A, AI(3), IO(0x03f80005, 0xfe01, 0x0005, 9, 0x18000000)),
  },
  // ---- H. AIS ----
  {
    id: 'V51',
    title: 'AIS facility off',
    config: { ais: false },
    steps: [
      AISM(3, 1, err('EOPNOTSUPP')),
      SET(9, 0, new Uint8Array(0), err('EOPNOTSUPP')),
      AALL_SET(0x10, 0x10, err('EOPNOTSUPP')),
      AALL_GET(2, err('EOPNOTSUPP')),
      AALL_GET(1, err('EINVAL')),
      AALL_GET(0, err('EINVAL')),
      REG(1, 3, { flags: 1 }),
      ...repeat(3, AIRQ(1)),
    ],
    final: records(AI(3), AI(3), AI(3)),
  },
  {
    id: 'V53',
    title: 'AISM validation',
    config: { ais: true },
    steps: [
      SET(9, 0, bytes(0x08, 0, 0, 1), err('EINVAL')),
      SET(9, 0, bytes(0xff, 0, 0, 0), err('EINVAL')),
      SET(9, 0, bytes(0x03, 0, 0, 2), err('EINVAL')),
      SET(9, 0, bytes(0x03, 0, 1, 0), err('EINVAL')),
      SET(9, 0, bytes(0x03, 0), err('EFAULT')),
      AALL_GET(2, masks(0, 0)),
      SET(9, 0, bytes(0x07, 0, 0, 1)),
      AALL_GET(2, masks(0x01, 0)),
      SET(9, 0, bytes(0x00, 0, 0, 1)),
      AALL_GET(2, masks(0x81, 0)),
    ],
  },
  {
    id: 'V55',
    title: 'Non-suppressible adapters ignore the masks',
    config: { ais: true },
    steps: [REG(1, 3, { flags: 1 }), REG(2, 3, { flags: 0 }), AISM(3, 1), AIRQ(1), AIRQ(2), AIRQ(2), AIRQ(1), AALL_GET(2, masks(0x10, 0x10))],
    final: records(AI(3), AI(3), AI(3)),
  },
  {
    id: 'V57',
    title: 'In SINGLE mode a failed injection does not consume the single interrupt; suppression beats the limit',
    config: { ais: true },
    steps: [
      REG(1, 3, { flags: 1 }),
      AISM(3, 1),
      ENQ(fillIo()),
      AIRQ(1, err('EBUSY')),
      AALL_GET(2, masks(0x10, 0)),
      CLRIO(0xfe010005),
      AIRQ(1),
      AALL_GET(2, masks(0x10, 0x10)),
      AIRQ(1),
    ],
    final: {
      count: 266250,
      check: (data) => {
        const dv = new DataView(data.buffer, data.byteOffset);
        let lastIsc3 = -1;
        for (let i = 0; i < 266250; i++) if ((dv.getUint32(i * 72 + 16) & 0x38000000) === 0x18000000) lastIsc3 = i;
        const got = data.subarray(lastIsc3 * 72, lastIsc3 * 72 + 72);
        return got.every((b, i) => b === AI(3)[i]) ? null : 'the ISC 3 group does not end with AI(3)';
      },
    },
  },
  // ---- I. APF ----
  {
    id: 'V59',
    title: 'APF groups',
    steps: [SET(4, 0), SET(5, 0), ENQ([PFD(0, 0, 1)]), SET(4, 0), CLR],
    final: none,
  },
  {
    id: 'V59-ucontrol',
    title: 'APF groups on a ucontrol VM',
    config: { ucontrol: true },
    steps: [SET(4, 0, undefined, err('EINVAL')), SET(5, 0, undefined, err('EINVAL'))],
  },
  // ---- J. GISA ----
  {
    id: 'V61',
    title: 'Capacity is checked before each of the eight ISCs, and taken bits are lost on ENOMEM',
    config: { gisa: true },
    steps: [
      ENQ([IO(0x04000000, 0, 0, 0, 0x80000000)]),
      GETALL(71, err('ENOMEM')),
      GETALL(72, err('ENOMEM')),
      GETALL(720, { ret: 0, data: new Uint8Array(0) }),
      ENQ([IO(0x04000000, 0, 0, 0, 0xb8000000)]),
      GETALL_N(72, [AI(7)]),
      ENQ([AI(0), AI(1)]),
      GETALL(144, err('ENOMEM')),
      GETALL(720, { ret: 0, data: new Uint8Array(0) }),
      ENQ([AI(0), A]),
      GETALL_N(144, [AI(0), A]),
    ],
  },
  {
    id: 'V63',
    title: 'GISA bits: CLEAR_IO_IRQ never touches them, CLEAR_IRQS does; AIRQ_INJECT uses them',
    config: { gisa: true },
    steps: [
      ENQ([IO(0x04000000, 0xfe01, 0x0005, 0, 0x90000000)]),
      CLRIO(0xfe010005),
      GETALL_N(720, [AI(2)]),
      ENQ([IO(0x04000000, 0xfe01, 0x0005, 0, 0x90000000)]),
      CLR,
      GETALL(720, { ret: 0, data: new Uint8Array(0) }),
      REG(1, 4),
      ...repeat(3, AIRQ(1)),
      GETALL_N(720, [IO(0x04000000, 0, 0, 0, 0xa0000000)]),
    ],
  },
  // ---- K. Historical profiles ----
  {
    id: 'V65',
    title: 'original profile: one list, descending-ISC insertion, no merging, PFAULT_INIT accepted',
    config: { profile: 'original' },
    steps: [
      ENQ([D, C, A, C2, SVC(0x1000), SVC(0x2000), MCHK(0x08000000, 1, 0x1234), EXT(0xfffe0004, 0, 0, 0xab)]),
      ENQ([B]),
      ENQ([E7]),
    ],
    final: records(C, C2, E7, A, B, D, SVC(0x1000), SVC(0x2000), MCHK(0x08000000, 1, 0x1234), EXT(0xfffe0004, 0, 0, 0xab)),
  },
  {
    id: 'V67',
    title: 'original profile: the list limit is EINVAL',
    config: { profile: 'original' },
    steps: [ENQ(many(266250, (i) => VIRTIO(i, 0, 0))), ENQ([SVC(0x1000)], err('EINVAL'))],
    final: { count: 266250 },
  },
  {
    id: 'V69',
    title: 'tracked MAP/UNMAP (2026 series)',
    config: { adapterMapMode: 'tracked', guestMemory: [{ start: 0n, size: 1n << 30n }] },
    steps: [
      REG(1, 3),
      MOD(1, 2, 0, 0, err('EINVAL')),
      MOD(1, 2, 0, 0x80000000, err('EFAULT')),
      ...repeat(256, MOD(1, 2, 0, 0x10000)),
      MOD(1, 2, 0, 0x20000, err('EINVAL')),
      MOD(1, 3, 0, 0x10000),
      MOD(1, 2, 0, 0x20000),
      MOD(1, 3, 0, 0x30000, err('ENOENT')),
    ],
  },
  {
    id: 'V69-protected',
    title: 'tracked MAP/UNMAP on a protected VM are no-ops',
    config: { adapterMapMode: 'tracked', protected: true, guestMemory: [{ start: 0n, size: 1n << 30n }] },
    steps: [REG(1, 3), MOD(1, 2, 0, 0), MOD(1, 3, 0, 0x30000)],
  },
  // ---- L. Miscellaneous precision ----
  {
    id: 'V71',
    title: 'Worst case fits the maximum buffer',
    steps: [
      ENQ(fillIo()),
      ENQ(many(87381, (k) => VIRTIO(k, 0, 0))),
      ENQ(many(16320, (k) => PFD(k, 0, 0))),
      ENQ([SVC(0x1000), MCHK(0x10000000, 1)]),
      GET(1, 0x2000000, { ret: 369953 }),
      GET(1, 369953 * 72, { ret: 369953 }),
      GET(1, 369953 * 72 - 1, err('ENOMEM')),
    ],
    final: { count: 369953 },
  },
];
