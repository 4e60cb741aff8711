// The interrupts and requests of the workloads that the benchmarks and the tests share, built once
// here so that flic, the baseline, the load generator and the tests agree on them byte for byte.

import {
  KVM_S390_MAX_FLOAT_IRQS,
  encodeIrqs,
  ioType,
  iscToIntWord,
  joinSchid,
  subsystemIdWord,
  type IoIrq,
  type Irq,
} from '../../src/device/index.js';

/** The channel subsystem of the generated subchannels (0xfe, as QEMU's virtual CSS; 0xff past 2^18). */
const CSSID = 0xfe;
/** The probe's own channel subsystem: no filler interrupt ever shares its subchannel. */
const PROBE_CSSID = 0xfd;

/**
 * An I/O interrupt of subchannel k on `isc`: number = k's low 16 bits, ssid = its bits 16-17, and
 * bit 18 moves it to the next channel subsystem, so k = 0 .. 2^19 - 1 name distinct subchannels.
 */
export function ioIrq(k: number, isc: number = k & 7, cssid: number = CSSID + (k >>> 18)): IoIrq {
  const ssid = (k >>> 16) & 3;
  return {
    kind: 'io',
    type: ioType(cssid, ssid, k & 0xffff),
    subchannelId: subsystemIdWord(cssid, ssid),
    subchannelNr: k & 0xffff,
    ioIntParm: k >>> 0,
    ioIntWord: iscToIntWord(isc),
  };
}

/** The schid word of ioIrq(k) (what CLEAR_IO_IRQ takes to remove it). */
export function ioSchid(k: number): number {
  const irq = ioIrq(k);
  return joinSchid(irq.subchannelId, irq.subchannelNr);
}

/** `count` interrupts of subchannels first..first+count-1, spread over the ISCs. */
export function ioIrqs(count: number, first = 0): Irq[] {
  return Array.from({ length: count }, (_, i) => ioIrq(first + i));
}

/** A full I/O queue: KVM_S390_MAX_FLOAT_IRQS interrupts of distinct subchannels. */
export function fullQueueIrqs(): Irq[] {
  return ioIrqs(KVM_S390_MAX_FLOAT_IRQS);
}

/**
 * The subchannel that the cost-growth runs enqueue and clear. Its interrupts sit on the last ISC,
 * behind every other pending interrupt, where a queue scan would find them last.
 */
export const PROBE_ISC = 7;
export const probeIrq = ioIrq(0xffff, PROBE_ISC, PROBE_CSSID);

/**
 * A subchannel that no interrupt of the bench uses. A CLEAR_IO_IRQ of it removes nothing, but
 * the first CLEAR_IO_IRQ on a queue makes flic build its subchannel index (a one-time cost that
 * the device figures report on their own).
 */
export const ABSENT_SUBCHANNEL = { subchannelId: subsystemIdWord(0xfc, 0), subchannelNr: 0xfffe } as const;

/** Raw kernel records for ENQUEUE (72 bytes each), in chunks of at most `perChunk` records. */
export function rawChunks(irqs: readonly Irq[], perChunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < irqs.length; i += perChunk) out.push(encodeIrqs(irqs.slice(i, i + perChunk)));
  return out;
}
