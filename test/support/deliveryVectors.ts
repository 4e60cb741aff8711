// Delivery vectors (docs/delivery.md §1-§4, §6): one per row of the spec, as data, so the same
// vectors run on the in-process device (test/device/delivery.test.ts) and through the real server
// with the real client (test/server/delivery.test.ts). Each vector starts on a fresh VM with its
// FLIC; expected records are typed Irq values, expected stores are (offset, hex bytes) pairs.

import type { CpuState, InterruptClass, IoIrq, Irq, VmConfig } from '../../src/device/types.js';
import { MCHK, PFD, SVC, VIRTIO, ext, io } from './typedRecords.js';

export type Step =
  | { readonly do: 'enqueue'; readonly irqs: readonly Irq[] }
  | { readonly do: 'adapter'; readonly id: number; readonly isc: number }
  | { readonly do: 'airq'; readonly id: number }
  | { readonly do: 'deliver'; readonly cpu: CpuState; readonly dryRun?: boolean; readonly expect: Expected }
  | { readonly do: 'tpi'; readonly mask: number; readonly expect: IoIrq | null }
  | { readonly do: 'tsch'; readonly schid: number; readonly expect: IoIrq | null }
  | { readonly do: 'reinject'; readonly irq: IoIrq; readonly errno?: string }
  | { readonly do: 'sclp'; readonly errno?: string }
  | { readonly do: 'clear' }
  /** GET_ALL_IRQS answers exactly these records (never used with a GISA: it would clear the IPM). */
  | { readonly do: 'pending'; readonly irqs: readonly Irq[] }
  | { readonly do: 'inspect'; readonly expect: InspectExpect };

export interface Expected {
  readonly cls?: InterruptClass;
  readonly bit?: number;
  /** The record as delivered (null: empty). Unchecked when absent. */
  readonly record?: Irq | null;
  /** The lowcore stores in order, as (offset, big-endian hex). Unchecked when absent. */
  readonly stores?: readonly (readonly [number, string])[];
  /** [old PSW offset, new PSW offset]. Unchecked when absent. */
  readonly psw?: readonly [number, number];
  /** The call fails with this errno instead. */
  readonly errno?: string;
}

export interface InspectExpect {
  readonly maskedIrqs?: number;
  readonly gisaIpm?: number | null;
  readonly total?: number;
  /** One I/O queue, oldest first. */
  readonly io?: readonly [number, readonly Irq[]];
}

export interface DeliveryVector {
  readonly id: string;
  readonly config?: Partial<VmConfig>;
  /** The original profile cannot create a protected VM etc.: the vector is about CreateVm. */
  readonly createErrno?: string;
  readonly steps: readonly Step[];
}

// ---- vCPU states ----------------------------------------------------------------------------------

export const PSW_EXT = 0x0100000000000000n;
export const PSW_IO = 0x0200000000000000n;
export const PSW_MCHK = 0x0004000000000000n;
/** Every subclass mask of CR0 that a gate reads. */
export const CR0_ALL = 0x6e00n;
export const CR6_ALL = 0xff000000n;
export const CR14_ALL = 0xffffffffffffffffn;

/** Every gate open. */
export const OPEN: CpuState = { pswMask: PSW_EXT | PSW_IO | PSW_MCHK, cr0: CR0_ALL, cr6: CR6_ALL, cr14: CR14_ALL, cpuId: 0 };

export function cpu(over: Partial<CpuState>): CpuState {
  return { ...OPEN, ...over };
}

const NONE: Expected = { cls: 'none', bit: 0, record: null, stores: [], psw: [0, 0] };

// ---- records ------------------------------------------------------------------------------------

const IO_PSW = [0x170, 0x1f0] as const;
const EXT_PSW = [0x130, 0x1b0] as const;
const MCHK_PSW = [0x160, 0x1e0] as const;

/** An I/O interrupt of subchannel nr on ISC isc (type and payload distinct per nr). */
export function ioOn(isc: number, nr: number, parm = nr): IoIrq {
  return io(0x03f80000 | nr, 0xfe01, nr, parm, (isc << 27) >>> 0) as IoIrq;
}

const ADAPTER = (isc: number): IoIrq => io(0x04000000, 0, 0, 0, (0x80000000 | (isc << 27)) >>> 0) as IoIrq;
const SERVICE_REC = (p: number): Irq => ext(0xffff2401, p);
const MCHK_REC = (cr14: bigint, mcic: bigint): Irq => MCHK(cr14, mcic);
const hex = (n: number | bigint, bytes: number): string => n.toString(16).padStart(bytes * 2, '0');

const deliver = (c: CpuState, expect: Expected, dryRun?: boolean): Step => ({ do: 'deliver', cpu: c, expect, ...(dryRun === undefined ? {} : { dryRun }) });

// ---- §1 priority: every pair of floating types ------------------------------------------------

/** One floating type: the injection that makes its bit (alone) pending. */
interface FloatingType {
  readonly name: string;
  readonly bit: number;
  readonly cls: InterruptClass;
  readonly inject: readonly Irq[];
}

const FLOATING: readonly FloatingType[] = [
  { name: 'MCHK_REP', bit: 24, cls: 'machineCheck', inject: [MCHK(0x10000000n, 1n)] },
  // An event-only signal: SERVICE_EV, then an empty SERVICE that passes through.
  { name: 'SERVICE_EV', bit: 16, cls: 'external', inject: [SVC(1)] },
  { name: 'SERVICE', bit: 15, cls: 'external', inject: [SVC(0x1000)] },
  { name: 'PFAULT_DONE', bit: 12, cls: 'external', inject: [PFD(0, 0, 1n)] },
  { name: 'VIRTIO', bit: 11, cls: 'external', inject: [VIRTIO(1)] },
  ...Array.from({ length: 8 }, (_, isc): FloatingType => ({ name: `ISC ${isc}`, bit: 10 - isc, cls: 'io', inject: [ioOn(isc, 0x100 + isc)] })),
];

function priorityPairs(): DeliveryVector[] {
  const out: DeliveryVector[] = [];
  for (let i = 0; i < FLOATING.length; i++) {
    for (let j = 0; j < FLOATING.length; j++) {
      if (i === j) continue;
      const a = FLOATING[i]!;
      const b = FLOATING[j]!;
      const [hi, lo] = a.bit > b.bit ? [a, b] : [b, a];
      out.push({
        id: `§1 priority: ${a.name} injected before ${b.name}`,
        steps: [
          { do: 'enqueue', irqs: [...a.inject, ...b.inject] },
          deliver(OPEN, { cls: hi.cls, bit: hi.bit }),
          deliver(OPEN, { cls: lo.cls, bit: lo.bit }),
          deliver(OPEN, NONE),
        ],
      });
    }
  }
  return out;
}

// ---- §1 GISA bits and local interrupts -----------------------------------------------------------

const PRIORITY_MORE: DeliveryVector[] = [
  ...Array.from({ length: 8 }, (_, isc): DeliveryVector => ({
    id: `§1 GISA: the IPM bit of ISC ${isc} is pending bit ${10 - isc}`,
    config: { gisa: true },
    steps: [{ do: 'adapter', id: isc, isc }, { do: 'airq', id: isc }, deliver(OPEN, { cls: 'io', bit: 10 - isc, record: ADAPTER(isc) }), deliver(OPEN, NONE)],
  })),
  {
    id: '§1 a higher local bit wins (PROG over MCHK_REP): LOCAL, the floating one stays',
    steps: [
      { do: 'enqueue', irqs: [MCHK(0x10000000n, 2n), ioOn(0, 1)] },
      deliver(cpu({ localPending: 1n << 25n }), { cls: 'local', bit: 25, record: null, stores: [], psw: [0, 0] }),
      deliver(OPEN, { cls: 'machineCheck', bit: 24 }),
    ],
  },
  {
    id: '§1 a lower local bit loses (RESTART under ISC 7)',
    steps: [{ do: 'enqueue', irqs: [ioOn(7, 1)] }, deliver(cpu({ localPending: 1n << 1n }), { cls: 'io', bit: 3 }), deliver(cpu({ localPending: 1n << 1n }), { cls: 'local', bit: 1 })],
  },
  {
    id: '§1 local PFAULT_INIT (13) wins over VIRTIO (11) and loses to SERVICE (15)',
    steps: [
      { do: 'enqueue', irqs: [VIRTIO(1)] },
      deliver(cpu({ localPending: 1n << 13n }), { cls: 'local', bit: 13 }),
      { do: 'enqueue', irqs: [SVC(0x2000)] },
      deliver(cpu({ localPending: 1n << 13n }), { cls: 'external', bit: 15 }),
    ],
  },
  {
    id: '§1 SIGP_STOP is never delivered this way',
    steps: [deliver(cpu({ localPending: 1n << 2n }), NONE)],
  },
];

// ---- §2 gates --------------------------------------------------------------------------------------

/** A gate on at its bit, and off at that bit's neighbours (the same pending state each time). */
function gate(id: string, setup: readonly Step[], on: CpuState, offs: readonly CpuState[], taken: Expected, config?: Partial<VmConfig>): DeliveryVector[] {
  return [
    { id: `${id}: on`, ...(config === undefined ? {} : { config }), steps: [...setup, deliver(on, taken, true), deliver(on, taken)] },
    ...offs.map((off, k): DeliveryVector => ({
      id: `${id}: off (${k === 0 ? 'the bit cleared' : `neighbour ${k}`})`,
      ...(config === undefined ? {} : { config }),
      steps: [...setup, deliver(off, NONE)],
    })),
  ];
}

const EXT_ON = PSW_EXT;

const GATES: DeliveryVector[] = [
  // 1. The PSW external mask, for every external type (floating and local).
  ...gate('§2.1 PSW external mask, SERVICE', [{ do: 'enqueue', irqs: [SVC(0x1000)] }], cpu({ pswMask: EXT_ON }), [cpu({ pswMask: 0n }), cpu({ pswMask: EXT_ON >> 1n }), cpu({ pswMask: EXT_ON << 1n })], { cls: 'external', bit: 15 }),
  ...gate('§2.1 PSW external mask, SERVICE_EV', [{ do: 'enqueue', irqs: [SVC(2)] }], cpu({ pswMask: EXT_ON }), [cpu({ pswMask: 0n }), cpu({ pswMask: EXT_ON >> 1n }), cpu({ pswMask: EXT_ON << 1n })], { cls: 'external', bit: 16 }),
  ...gate('§2.1 PSW external mask, VIRTIO', [{ do: 'enqueue', irqs: [VIRTIO(1)] }], cpu({ pswMask: EXT_ON }), [cpu({ pswMask: 0n }), cpu({ pswMask: EXT_ON >> 1n }), cpu({ pswMask: EXT_ON << 1n })], { cls: 'external', bit: 11 }),
  ...gate('§2.1 PSW external mask, PFAULT_DONE', [{ do: 'enqueue', irqs: [PFD(0, 0, 5n)] }], cpu({ pswMask: EXT_ON }), [cpu({ pswMask: 0n }), cpu({ pswMask: EXT_ON >> 1n })], { cls: 'external', bit: 12 }),
  ...gate('§2.1 PSW external mask, local PFAULT_INIT', [], cpu({ pswMask: EXT_ON, localPending: 1n << 13n }), [cpu({ pswMask: 0n, localPending: 1n << 13n }), cpu({ pswMask: EXT_ON >> 1n, localPending: 1n << 13n })], { cls: 'local', bit: 13 }),
  // 2. The PSW I/O mask, then CR6 per ISC.
  ...gate('§2.2 PSW I/O mask', [{ do: 'enqueue', irqs: [ioOn(0, 1)] }], cpu({ pswMask: PSW_IO }), [cpu({ pswMask: 0n }), cpu({ pswMask: PSW_IO << 1n }), cpu({ pswMask: PSW_IO >> 1n })], { cls: 'io', bit: 10 }),
  ...Array.from({ length: 8 }, (_, isc) => {
    const bit = (0x80000000n >> BigInt(isc)) & 0xffffffffn;
    const neighbours = [bit << 1n, bit >> 1n];
    return gate(
      `§2.2 CR6 ISC ${isc} (0x${bit.toString(16)})`,
      [{ do: 'enqueue', irqs: [ioOn(isc, 1)] }],
      cpu({ cr6: bit }),
      [cpu({ cr6: 0n }), ...neighbours.map((n) => cpu({ cr6: n }))],
      { cls: 'io', bit: 10 - isc },
    );
  }).flat(),
  // 3. CR0's subclass masks for the local external types.
  ...(
    [
      ['emergency signal', 0x4000n, 21],
      ['external call', 0x2000n, 20],
      ['clock comparator', 0x800n, 19],
      ['CPU timer', 0x400n, 18],
    ] as const
  ).flatMap(([name, mask, bit]) =>
    gate(
      `§2.3 CR0 ${name} subclass (0x${mask.toString(16)})`,
      [],
      cpu({ cr0: mask, localPending: 1n << BigInt(bit) }),
      [cpu({ cr0: 0n, localPending: 1n << BigInt(bit) }), cpu({ cr0: mask >> 1n, localPending: 1n << BigInt(bit) }), cpu({ cr0: mask << 1n, localPending: 1n << BigInt(bit) })],
      { cls: 'local', bit },
    ),
  ),
  // 4. CR0's service-signal subclass, for SERVICE and SERVICE_EV.
  ...gate('§2.4 CR0 service-signal subclass (0x200), SERVICE', [{ do: 'enqueue', irqs: [SVC(0x1000)] }], cpu({ cr0: 0x200n }), [cpu({ cr0: 0n }), cpu({ cr0: 0x100n }), cpu({ cr0: 0x400n })], { cls: 'external', bit: 15 }),
  ...gate('§2.4 CR0 service-signal subclass (0x200), SERVICE_EV', [{ do: 'enqueue', irqs: [SVC(0x1001)] }], cpu({ cr0: 0x200n }), [cpu({ cr0: 0n }), cpu({ cr0: 0x100n }), cpu({ cr0: 0x400n })], { cls: 'external', bit: 16 }),
  // 5. No CR0 bit gates VIRTIO or PFAULT_DONE.
  {
    id: '§2.5 VIRTIO and PFAULT_DONE need the PSW external mask only (CR0 = 0)',
    steps: [{ do: 'enqueue', irqs: [VIRTIO(1), PFD(0, 0, 2n)] }, deliver(cpu({ pswMask: PSW_EXT, cr0: 0n }), { cls: 'external', bit: 12 }), deliver(cpu({ pswMask: PSW_EXT, cr0: 0n }), { cls: 'external', bit: 11 })],
  },
  // 6. The PSW machine-check mask, for MCHK_REP and MCHK_EX.
  ...gate('§2.6 PSW machine-check mask, floating MCHK_REP', [{ do: 'enqueue', irqs: [MCHK(0x10000000n, 1n)] }], cpu({ pswMask: PSW_MCHK }), [cpu({ pswMask: 0n }), cpu({ pswMask: PSW_MCHK << 1n }), cpu({ pswMask: PSW_MCHK >> 1n })], { cls: 'machineCheck', bit: 24 }),
  ...gate('§2.6 PSW machine-check mask, local MCHK_EX', [], cpu({ pswMask: PSW_MCHK, localPending: 1n << 27n }), [cpu({ pswMask: 0n, localPending: 1n << 27n }), cpu({ pswMask: PSW_MCHK << 1n, localPending: 1n << 27n })], { cls: 'local', bit: 27 }),
  // 7. A protected vCPU with a pending injection.
  ...(
    [
      ['SERVICE', [SVC(0x1000)], 15, 'external'],
      ['ISC 0', [ioOn(0, 1)], 10, 'io'],
      ['MCHK_REP', [MCHK(0x10000000n, 1n)], 24, 'machineCheck'],
    ] as const
  ).flatMap(([name, irqs, bit, cls]) =>
    gate(
      `§2.7 protected vCPU with iictl ≠ 0 holds back ${name}`,
      // A protected VM holds SERVICE back until the guest's SCLP request.
      bit === 15 ? [{ do: 'sclp' }, { do: 'enqueue', irqs }] : [{ do: 'enqueue', irqs }],
      cpu({ iictl: 0 }),
      [cpu({ iictl: 1 }), cpu({ iictl: 4 })],
      { cls, bit },
      { protected: true },
    ),
  ),
  ...(
    [
      ['CPU timer', 18],
      ['external call', 20],
    ] as const
  ).flatMap(([name, bit]) =>
    gate(`§2.7 protected vCPU with iictl ≠ 0 holds back local ${name}`, [], cpu({ localPending: 1n << BigInt(bit) }), [cpu({ localPending: 1n << BigInt(bit), iictl: 2 })], { cls: 'local', bit }, { protected: true }),
  ),
  {
    id: '§2.7 VIRTIO and PFAULT_DONE are not held back by iictl',
    config: { protected: true },
    steps: [{ do: 'enqueue', irqs: [VIRTIO(1), PFD(0, 0, 3n)] }, deliver(cpu({ iictl: 3 }), { cls: 'external', bit: 12 }), deliver(cpu({ iictl: 3 }), { cls: 'external', bit: 11 })],
  },
  // 8. CR14 for MCHK_REP, against the floating or the local cr14; never for MCHK_EX.
  ...gate('§2.8 CR14 & floating cr14 (0x10000000)', [{ do: 'enqueue', irqs: [MCHK(0x10000000n, 1n)] }], cpu({ cr14: 0x10000000n }), [cpu({ cr14: 0n }), cpu({ cr14: 0x08000000n }), cpu({ cr14: 0x20000000n })], { cls: 'machineCheck', bit: 24 }),
  ...gate(
    '§2.8 CR14 & the local machine check cr14 (as given, high word)',
    [{ do: 'enqueue', irqs: [MCHK(0n, 1n)] }],
    cpu({ cr14: 0x100000000n, localMchkCr14: 0x100000000n }),
    [cpu({ cr14: 0x100000000n, localMchkCr14: 0n }), cpu({ cr14: 0x100000000n, localMchkCr14: 0x200000000n }), cpu({ cr14: 0x80000000n, localMchkCr14: 0x100000000n })],
    { cls: 'machineCheck', bit: 24 },
  ),
  {
    id: '§2.8 MCHK_EX is never gated by CR14',
    steps: [deliver(cpu({ cr14: 0n, localPending: 1n << 27n }), { cls: 'local', bit: 27, record: null })],
  },
  // 9. SERVICE held back in masked_irqs (a protected VM starts so).
  {
    id: '§2.9 masked SERVICE is not deliverable; SERVICE_EV never is masked',
    config: { protected: true },
    steps: [
      { do: 'inspect', expect: { maskedIrqs: 1 << 15 } },
      { do: 'enqueue', irqs: [SVC(0x2001)] },
      deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(1) }),
      deliver(OPEN, NONE),
      { do: 'pending', irqs: [SERVICE_REC(0x2000)] },
    ],
  },
];

// ---- §3 what taking each type does ----------------------------------------------------------------

const A = ioOn(3, 5, 0x11223344);

const TAKING: DeliveryVector[] = [
  {
    id: '§3.1 I/O: the queue head, stored as injected',
    steps: [
      { do: 'enqueue', irqs: [A, ioOn(3, 6)] },
      deliver(OPEN, {
        cls: 'io',
        bit: 7,
        record: A,
        stores: [
          [0xb8, 'fe01'],
          [0xba, '0005'],
          [0xbc, '11223344'],
          [0xc0, '18000000'],
        ],
        psw: IO_PSW,
      }),
      { do: 'pending', irqs: [ioOn(3, 6)] },
    ],
  },
  {
    id: '§3.1 GISA: an empty queue takes the IPM bit as an adapter interrupt',
    config: { gisa: true },
    steps: [
      { do: 'adapter', id: 1, isc: 2 },
      { do: 'airq', id: 1 },
      deliver(OPEN, {
        cls: 'io',
        bit: 8,
        record: ADAPTER(2),
        stores: [
          [0xb8, '0000'],
          [0xba, '0000'],
          [0xbc, '00000000'],
          [0xc0, '90000000'],
        ],
        psw: IO_PSW,
      }),
      { do: 'inspect', expect: { gisaIpm: 0, total: 0 } },
    ],
  },
  {
    id: '§3.1 GISA: queue entries of an ISC go before its IPM bit',
    config: { gisa: true },
    steps: [
      { do: 'adapter', id: 1, isc: 2 },
      { do: 'airq', id: 1 },
      { do: 'enqueue', irqs: [ioOn(2, 9)] },
      deliver(OPEN, { cls: 'io', bit: 8, record: ioOn(2, 9) }),
      { do: 'inspect', expect: { gisaIpm: 0x20 } },
      deliver(OPEN, { cls: 'io', bit: 8, record: ADAPTER(2) }),
      deliver(OPEN, NONE),
    ],
  },
  {
    id: '§3.2 SERVICE_EV then SERVICE for an SCCB with event bits',
    steps: [
      { do: 'enqueue', irqs: [SVC(0x1000), SVC(0x3)] },
      deliver(OPEN, {
        cls: 'external',
        bit: 16,
        record: SERVICE_REC(3),
        stores: [
          [0x86, '2401'],
          [0x84, '0000'],
          [0x80, '00000003'],
        ],
        psw: EXT_PSW,
      }),
      { do: 'pending', irqs: [SERVICE_REC(0x1000)] },
      deliver(OPEN, {
        cls: 'external',
        bit: 15,
        record: SERVICE_REC(0x1000),
        stores: [
          [0x86, '2401'],
          [0x84, '0000'],
          [0x80, '00001000'],
        ],
        psw: EXT_PSW,
      }),
      deliver(OPEN, NONE),
      { do: 'pending', irqs: [] },
    ],
  },
  {
    id: '§3.2 SERVICE_EV stores only the event bits that were injected',
    steps: [{ do: 'enqueue', irqs: [SVC(0x2002)] }, deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(2), stores: [[0x86, '2401'], [0x84, '0000'], [0x80, '00000002']] })],
  },
  {
    id: '§3.3 an empty SERVICE is passed through to the next candidate in the same pass',
    steps: [
      { do: 'enqueue', irqs: [SVC(1), VIRTIO(7)] },
      deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(1) }),
      { do: 'pending', irqs: [VIRTIO(7), SERVICE_REC(0)] },
      deliver(OPEN, { cls: 'external', bit: 11, record: VIRTIO(7) }, true),
      { do: 'pending', irqs: [VIRTIO(7), SERVICE_REC(0)] },
      deliver(OPEN, { cls: 'external', bit: 11, record: VIRTIO(7) }),
      { do: 'pending', irqs: [] },
    ],
  },
  {
    id: '§3.3 an empty SERVICE alone: nothing is delivered and it is gone',
    steps: [{ do: 'enqueue', irqs: [SVC(0)] }, { do: 'pending', irqs: [SERVICE_REC(0)] }, deliver(OPEN, NONE), { do: 'pending', irqs: [] }],
  },
  {
    id: '§3.3 masked_irqs: the SCLP intercept releases SERVICE, its delivery holds it back again, CLEAR_IRQS keeps it',
    config: { protected: true },
    steps: [
      { do: 'enqueue', irqs: [SVC(0x2000)] },
      deliver(OPEN, NONE),
      { do: 'sclp' },
      { do: 'inspect', expect: { maskedIrqs: 0 } },
      deliver(OPEN, { cls: 'external', bit: 15, record: SERVICE_REC(0x43000 | 0x2000), stores: [], psw: [0, 0] }),
      { do: 'inspect', expect: { maskedIrqs: 1 << 15 } },
      { do: 'sclp' },
      { do: 'clear' },
      { do: 'inspect', expect: { maskedIrqs: 0 } },
      { do: 'sclp' },
      { do: 'deliver', cpu: OPEN, expect: { cls: 'external', bit: 15, record: SERVICE_REC(0x43000) } },
      { do: 'enqueue', irqs: [SVC(0x3000)] },
      { do: 'clear' },
      { do: 'inspect', expect: { maskedIrqs: 1 << 15, total: 0 } },
    ],
  },
  {
    id: '§3.4 PFAULT_DONE: code 0x2603, subcode 0x0680, the token at 0x11B8',
    steps: [
      { do: 'enqueue', irqs: [PFD(7, 8, 0x0123456789abcdefn), PFD(9, 0, 1n)] },
      deliver(OPEN, {
        cls: 'external',
        bit: 12,
        record: PFD(7, 8, 0x0123456789abcdefn),
        stores: [
          [0x86, '2603'],
          [0x84, '0680'],
          [0x11b8, '0123456789abcdef'],
        ],
        psw: EXT_PSW,
      }),
      { do: 'pending', irqs: [PFD(9, 0, 1n)] },
    ],
  },
  {
    id: '§3.5 VIRTIO: code 0x2603, subcode 0x0D00, ext_params and ext_params2',
    steps: [
      { do: 'enqueue', irqs: [VIRTIO(0x11223344, 5, 0xfedcba9876543210n), VIRTIO(1)] },
      deliver(OPEN, {
        cls: 'external',
        bit: 11,
        record: VIRTIO(0x11223344, 5, 0xfedcba9876543210n),
        stores: [
          [0x86, '2603'],
          [0x84, '0d00'],
          [0x80, '11223344'],
          [0x11b8, 'fedcba9876543210'],
        ],
        psw: EXT_PSW,
      }),
      { do: 'pending', irqs: [VIRTIO(1)] },
    ],
  },
  {
    id: '§3.6 machine check: the merged record, its mcic and zero damage code, address and logout',
    steps: [
      { do: 'enqueue', irqs: [MCHK(0x10000000n, 0x8000000000000000n), MCHK(0xffn, 0x0000000000400001n)] },
      deliver(OPEN, {
        cls: 'machineCheck',
        bit: 24,
        record: MCHK_REC(0x10000000n, 0x8000000000400001n),
        stores: [
          [0xa3, '01'],
          [0xe8, '8000000000400001'],
          [0xf4, '00000000'],
          [0xf8, '0000000000000000'],
          [0x1300, '00'.repeat(16)],
        ],
        psw: MCHK_PSW,
      }),
      { do: 'pending', irqs: [] },
    ],
  },
  {
    id: '§3.6 a local machine check swallows the floating one, even when CR14 does not enable it',
    steps: [
      { do: 'enqueue', irqs: [MCHK(0x10000000n, 6n)] },
      deliver(cpu({ cr14: 0n, localPending: 1n << 27n }), { cls: 'local', bit: 27, record: MCHK_REC(0x10000000n, 6n), stores: [], psw: [0, 0] }, true),
      { do: 'pending', irqs: [MCHK_REC(0x10000000n, 6n)] },
      deliver(cpu({ cr14: 0n, localPending: 1n << 27n }), { cls: 'local', bit: 27, record: MCHK_REC(0x10000000n, 6n), stores: [], psw: [0, 0] }),
      { do: 'pending', irqs: [] },
      deliver(cpu({ cr14: 1n, localPending: 1n << 24n, localMchkCr14: 1n }), { cls: 'local', bit: 24, record: null }),
    ],
  },
  {
    id: '§3.6 a local MCHK_REP with the floating one pending is LOCAL and takes it',
    steps: [{ do: 'enqueue', irqs: [MCHK(0x10000000n, 9n)] }, deliver(cpu({ localPending: 1n << 24n }), { cls: 'local', bit: 24, record: MCHK_REC(0x10000000n, 9n) }), deliver(OPEN, NONE)],
  },
  {
    id: '§3.7 protected: I/O, service and machine check store nothing and swap no PSW',
    config: { protected: true },
    steps: [
      { do: 'sclp' },
      { do: 'enqueue', irqs: [A, MCHK(0x10000000n, 1n), SVC(1)] },
      deliver(OPEN, { cls: 'machineCheck', bit: 24, record: MCHK_REC(0x10000000n, 1n), stores: [], psw: [0, 0] }),
      deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(1), stores: [], psw: [0, 0] }),
      deliver(OPEN, { cls: 'external', bit: 15, record: SERVICE_REC(0x43000), stores: [], psw: [0, 0] }),
      deliver(OPEN, { cls: 'io', bit: 7, record: A, stores: [], psw: [0, 0] }),
    ],
  },
  {
    id: '§3.7 protected: VIRTIO and PFAULT_DONE store as for any vCPU',
    config: { protected: true },
    steps: [
      { do: 'enqueue', irqs: [VIRTIO(3, 0, 4n), PFD(0, 0, 5n)] },
      deliver(OPEN, { cls: 'external', bit: 12, stores: [[0x86, '2603'], [0x84, '0680'], [0x11b8, hex(5, 8)]], psw: EXT_PSW }),
      deliver(OPEN, { cls: 'external', bit: 11, stores: [[0x86, '2603'], [0x84, '0d00'], [0x80, hex(3, 4)], [0x11b8, hex(4, 8)]], psw: EXT_PSW }),
    ],
  },
  {
    id: '§7 a dry run answers what would be taken and changes nothing',
    steps: [
      { do: 'enqueue', irqs: [A, SVC(0x1001)] },
      deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(1) }, true),
      deliver(OPEN, { cls: 'external', bit: 16, record: SERVICE_REC(1) }, true),
      { do: 'pending', irqs: [A, SERVICE_REC(0x1001)] },
    ],
  },
];

// ---- §4 TPI, TSCH and reinjection -----------------------------------------------------------------

/** The CR6 value with every ISC, as a number (TPI's mask). */
const CR6_ALL_N = Number(CR6_ALL);
const B1 = ioOn(1, 0x21);
const C7 = ioOn(7, 0x27);
const D0 = ioOn(0, 0x20);
const A3 = ioOn(3, 0x23);
const isc = (...n: number[]): number => n.reduce((m, i) => (m | (0x80000000 >>> i)) >>> 0, 0);
const schidOf = (irq: IoIrq): number => ((irq.subchannelId << 16) | irq.subchannelNr) >>> 0;

const DEQUEUES: DeliveryVector[] = [
  {
    id: '§4.2 TPI with partial ISC masks takes the oldest entry of the lowest enabled ISC',
    steps: [
      { do: 'enqueue', irqs: [A3, B1, C7, D0, ioOn(3, 0x33)] },
      { do: 'tpi', mask: isc(3, 7), expect: A3 },
      { do: 'tpi', mask: isc(3, 7), expect: ioOn(3, 0x33) },
      { do: 'tpi', mask: isc(3, 7), expect: C7 },
      { do: 'tpi', mask: isc(3, 7), expect: null },
      { do: 'tpi', mask: isc(2), expect: null },
      { do: 'tpi', mask: 0x00ffffff, expect: null },
      { do: 'tpi', mask: 0xffffffff, expect: D0 },
      { do: 'pending', irqs: [B1] },
    ],
  },
  {
    id: '§4.1 TPI: a queued interrupt of a higher or equal priority wins over the GISA, whose bit stays',
    config: { gisa: true },
    steps: [
      { do: 'adapter', id: 1, isc: 1 },
      { do: 'airq', id: 1 },
      { do: 'enqueue', irqs: [B1] },
      { do: 'tpi', mask: CR6_ALL_N, expect: B1 },
      { do: 'inspect', expect: { gisaIpm: 0x40, total: 1 } },
      { do: 'tpi', mask: CR6_ALL_N, expect: ADAPTER(1) },
      { do: 'tpi', mask: CR6_ALL_N, expect: null },
    ],
  },
  {
    id: '§4.1 TPI: the GISA wins over a lower-priority queue entry, which is reinjected at the tail',
    config: { gisa: true },
    steps: [
      { do: 'adapter', id: 1, isc: 0 },
      { do: 'enqueue', irqs: [A3, ioOn(3, 0x33)] },
      { do: 'airq', id: 1 },
      { do: 'tpi', mask: CR6_ALL_N, expect: ADAPTER(0) },
      { do: 'inspect', expect: { gisaIpm: 0, io: [3, [ioOn(3, 0x33), A3]] } },
    ],
  },
  {
    id: '§4.1 TPI: the lowest enabled ISC of the IPM; disabled ISCs stay',
    config: { gisa: true },
    steps: [
      { do: 'adapter', id: 1, isc: 1 },
      { do: 'adapter', id: 2, isc: 5 },
      { do: 'airq', id: 1 },
      { do: 'airq', id: 2 },
      { do: 'tpi', mask: isc(5, 6), expect: ADAPTER(5) },
      { do: 'inspect', expect: { gisaIpm: 0x40 } },
    ],
  },
  {
    id: '§4.4 reinjection goes to the tail, as a fresh injection',
    steps: [
      { do: 'enqueue', irqs: [A3, ioOn(3, 0x33)] },
      { do: 'tpi', mask: isc(3), expect: A3 },
      { do: 'reinject', irq: A3 },
      { do: 'pending', irqs: [ioOn(3, 0x33), A3] },
      { do: 'reinject', irq: { ...A3, type: 0xffff2401n }, errno: 'EINVAL' },
      { do: 'reinject', irq: { ...A3, type: 0x100000000n }, errno: 'EINVAL' },
    ],
  },
  {
    id: '§4.4 reinjecting an adapter interrupt with a GISA sets its IPM bit',
    config: { gisa: true },
    steps: [{ do: 'reinject', irq: ADAPTER(6) }, { do: 'inspect', expect: { gisaIpm: 0x02, total: 1 } }, deliver(OPEN, { cls: 'io', bit: 4, record: ADAPTER(6) })],
  },
  {
    id: '§4.3 TSCH for a subchannel queued on two ISCs takes the lower ISC first',
    steps: [
      { do: 'enqueue', irqs: [ioOn(5, 0x42, 1), ioOn(2, 0x41), ioOn(2, 0x42, 2), ioOn(0, 0x43)] },
      { do: 'tsch', schid: schidOf(ioOn(2, 0x42)), expect: ioOn(2, 0x42, 2) },
      { do: 'tsch', schid: schidOf(ioOn(2, 0x42)), expect: ioOn(5, 0x42, 1) },
      { do: 'tsch', schid: schidOf(ioOn(2, 0x42)), expect: null },
      { do: 'tsch', schid: 0, expect: null },
      { do: 'pending', irqs: [ioOn(0, 0x43), ioOn(2, 0x41)] },
    ],
  },
  {
    id: '§4.3 TSCH never consults the GISA',
    config: { gisa: true },
    steps: [{ do: 'adapter', id: 1, isc: 0 }, { do: 'airq', id: 1 }, { do: 'tsch', schid: 0, expect: null }, { do: 'tsch', schid: 0x00000001, expect: null }, { do: 'inspect', expect: { gisaIpm: 0x80 } }],
  },
];

// ---- errnos ---------------------------------------------------------------------------------------

const ERRNOS: DeliveryVector[] = [
  {
    id: 'EINVAL: cpu_id at max_vcpus (max_vcpus - 1 is fine)',
    config: { maxVcpus: 4 },
    steps: [deliver(cpu({ cpuId: 3 }), NONE), deliver(cpu({ cpuId: 4 }), { errno: 'EINVAL' })],
  },
  {
    id: 'EINVAL: a local_pending bit that is not local',
    steps: [deliver(cpu({ localPending: 1n << 3n }), { errno: 'EINVAL' }), deliver(cpu({ localPending: 1n << 26n }), { errno: 'EINVAL' }), deliver(cpu({ localPending: 1n << 28n }), { errno: 'EINVAL' })],
  },
  {
    id: 'EINVAL: iictl above 4, or not 0 on a VM that is not protected',
    steps: [deliver(cpu({ iictl: 1 }), { errno: 'EINVAL' })],
  },
  {
    id: 'EINVAL: iictl 5 on a protected VM (4 is fine)',
    config: { protected: true },
    steps: [deliver(cpu({ iictl: 4 }), NONE), deliver(cpu({ iictl: 5 }), { errno: 'EINVAL' })],
  },
  {
    id: 'EINVAL: PvSclpIntercept on a VM that is not protected',
    steps: [{ do: 'sclp', errno: 'EINVAL' }],
  },
  {
    id: 'EINVAL: CreateVm with the original profile and protected',
    config: { profile: 'original', protected: true },
    createErrno: 'EINVAL',
    steps: [],
  },
];

// ---- §6 the 2013 device ---------------------------------------------------------------------------

const ORIGINAL: DeliveryVector[] = [
  {
    id: '§6 the first deliverable entry of the list, whatever its priority',
    config: { profile: 'original' },
    steps: [
      { do: 'enqueue', irqs: [VIRTIO(1), A3, SVC(0), D0] },
      deliver(OPEN, { cls: 'external', bit: 11, record: VIRTIO(1) }),
      // I/O entries sit in descending ISC order: D0 (ISC 0) went behind A3 (ISC 3).
      deliver(OPEN, { cls: 'io', bit: 7, record: A3, stores: [[0xb8, 'fe01'], [0xba, '0023'], [0xbc, '00000023'], [0xc0, '18000000']], psw: IO_PSW }),
      // A zero-parameter service entry is delivered like any other, with today's stores.
      deliver(OPEN, { cls: 'external', bit: 15, record: SERVICE_REC(0), stores: [[0x86, '2401'], [0x84, '0000'], [0x80, '00000000']], psw: EXT_PSW }),
      deliver(OPEN, { cls: 'io', bit: 10, record: D0 }),
      deliver(OPEN, NONE),
    ],
  },
  {
    id: '§6 CR0 0x200 gates VIRTIO too; a disabled entry is passed over',
    config: { profile: 'original' },
    steps: [{ do: 'enqueue', irqs: [VIRTIO(1), A3] }, deliver(cpu({ cr0: 0n }), { cls: 'io', bit: 7 }), deliver(cpu({ cr0: 0n }), NONE), deliver(cpu({ cr0: 0x200n }), { cls: 'external', bit: 11 })],
  },
  {
    id: '§6 machine checks: the entry cr14 unmasked, no merging, today\'s stores without 0xA3 and 0xF4',
    config: { profile: 'original' },
    steps: [
      { do: 'enqueue', irqs: [MCHK(1n, 7n), MCHK(0x10000000n, 8n)] },
      deliver(cpu({ cr14: 0x10000000n }), {
        cls: 'machineCheck',
        bit: 24,
        record: MCHK(0x10000000n, 8n),
        stores: [[0xe8, hex(8, 8)], [0xf8, hex(0, 8)], [0x1300, '00'.repeat(16)]],
        psw: MCHK_PSW,
      }),
      deliver(cpu({ cr14: 1n }), { cls: 'machineCheck', bit: 24, record: MCHK(1n, 7n) }),
    ],
  },
  {
    id: '§6 a winning local machine check takes the first floating machine-check entry with it',
    config: { profile: 'original' },
    steps: [
      { do: 'enqueue', irqs: [A3, MCHK(0x10000000n, 5n), MCHK(0x10000000n, 6n)] },
      deliver(cpu({ localPending: 1n << 27n, localMchkCr14: 0x10000000n, cr14: 0x10000000n }), { cls: 'local', bit: 27, record: MCHK(0x10000000n, 5n) }),
      deliver(OPEN, { cls: 'io', bit: 7, record: A3 }),
      deliver(OPEN, { cls: 'machineCheck', bit: 24, record: MCHK(0x10000000n, 6n) }),
      deliver(OPEN, NONE),
    ],
  },
  {
    id: '§6 deliverable local interrupts go first',
    config: { profile: 'original' },
    steps: [{ do: 'enqueue', irqs: [MCHK(1n, 1n)] }, deliver(cpu({ localPending: 1n << 1n }), { cls: 'local', bit: 1, record: null }), deliver(OPEN, { cls: 'machineCheck', bit: 24 })],
  },
  {
    id: '§6 PFAULT_INIT is a floating entry: pending bit 13, subcode 0x0600',
    config: { profile: 'original' },
    steps: [{ do: 'enqueue', irqs: [ext(0xfffe0004, 0, 0, 0x77n)] }, deliver(OPEN, { cls: 'external', bit: 13, stores: [[0x86, '2603'], [0x84, '0600'], [0x11b8, hex(0x77, 8)]], psw: EXT_PSW })],
  },
  {
    id: '§6 TPI and TSCH take the first matching I/O entry in list order; a TPI mask of 0 means every ISC',
    config: { profile: 'original' },
    steps: [
      { do: 'enqueue', irqs: [D0, A3, C7, ioOn(5, 0x23, 9)] },
      { do: 'tpi', mask: isc(0, 3), expect: A3 },
      // List order: the ISC-7 entry went in front of the ISC-0 one; the mask 0 takes the head.
      { do: 'tpi', mask: 0, expect: C7 },
      { do: 'reinject', irq: C7 },
      { do: 'tsch', schid: schidOf(A3), expect: ioOn(5, 0x23, 9) },
      { do: 'tsch', schid: 0, expect: null },
      { do: 'reinject', irq: A3 },
      { do: 'pending', irqs: [C7, A3, D0] },
      { do: 'reinject', irq: { ...A3, type: 0xffff2603n }, errno: 'EINVAL' },
    ],
  },
];

export const DELIVERY_VECTORS: readonly DeliveryVector[] = [...priorityPairs(), ...PRIORITY_MORE, ...GATES, ...TAKING, ...DEQUEUES, ...ERRNOS, ...ORIGINAL];
