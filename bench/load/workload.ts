// The interrupts and requests every measurement uses, built once here so that flic, the baseline
// and the load generator agree on them byte for byte.

import {
  KVM_S390_MAX_FLOAT_IRQS,
  encodeIrqs,
  ioType,
  iscToIntWord,
  type Irq,
} from '../../src/device/index.js';

/** The channel subsystem of the generated subchannels (0xfe, as QEMU's virtual CSS). */
const CSSID = 0xfe;
/** The probe's own channel subsystem: no filler interrupt ever shares its subchannel. */
const PROBE_CSSID = 0xfd;

/** An I/O interrupt of subchannel k (ssid = k's bits 16-17, number = its low 16 bits) on `isc`. */
export function ioIrq(k: number, isc: number = k & 7, cssid: number = CSSID): Irq {
  const ssid = (k >>> 16) & 3;
  return {
    kind: 'io',
    type: ioType(cssid, ssid, k & 0xffff),
    // The subsystem-id word: cssid << 8 | ssid << 1 | 1.
    subchannelId: ((cssid << 8) | (ssid << 1) | 1) >>> 0,
    subchannelNr: k & 0xffff,
    ioIntParm: k >>> 0,
    ioIntWord: iscToIntWord(isc),
  };
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
export const probeIrq = ioIrq(0xffff, PROBE_ISC, PROBE_CSSID) as Extract<Irq, { kind: 'io' }>;

/**
 * A subchannel that no interrupt of the bench uses. A CLEAR_IO_IRQ of it removes nothing, but
 * the first CLEAR_IO_IRQ on a queue makes flic build its subchannel index (a one-time cost that
 * the device figures report on their own).
 */
export const ABSENT_SUBCHANNEL = { subchannelId: ((0xfc << 8) | 1) >>> 0, subchannelNr: 0xfffe } as const;

/** Raw kernel records for ENQUEUE (72 bytes each), in chunks of at most `perChunk` records. */
export function rawChunks(irqs: readonly Irq[], perChunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < irqs.length; i += perChunk) out.push(encodeIrqs(irqs.slice(i, i + perChunk)));
  return out;
}
