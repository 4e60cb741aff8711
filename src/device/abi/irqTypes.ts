// How the kernel reads an interrupt's 64-bit type code (§4.1) and the ISC it carries: the class
// that decides which union member ENQUEUE reads and where the interrupt goes, the I/O type code
// and interruption word builders, and the 8-bit ISC masks (IPM, simm, nimm).

import { isUint } from './bytes.js';
import {
  IO_INT_WORD_ISC_MASK,
  IO_INT_WORD_ISC_SHIFT,
  KVM_S390_INT_IO_MAX,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_PFAULT_INIT,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MCHK,
  MAX_ISC,
} from './constants.js';

/** How the kernel's ENQUEUE and injection paths treat a 64-bit type code. */
export const IrqClass = {
  Io: 0,
  Virtio: 1,
  Service: 2,
  PfaultDone: 3,
  PfaultInit: 4,
  Mchk: 5,
  /** per-vCPU types and undefined values: rejected with EINVAL */
  Other: 6,
} as const;
export type IrqClass = (typeof IrqClass)[keyof typeof IrqClass];

/** Classify a type code given as its two 32-bit halves. */
export function classifyType(hi: number, lo: number): IrqClass {
  if (hi !== 0) return IrqClass.Other;
  if (lo <= KVM_S390_INT_IO_MAX) return IrqClass.Io;
  switch (lo) {
    case KVM_S390_INT_VIRTIO:
      return IrqClass.Virtio;
    case KVM_S390_INT_SERVICE:
      return IrqClass.Service;
    case KVM_S390_INT_PFAULT_DONE:
      return IrqClass.PfaultDone;
    case KVM_S390_INT_PFAULT_INIT:
      return IrqClass.PfaultInit;
    case KVM_S390_MCHK:
      return IrqClass.Mchk;
    default:
      return IrqClass.Other;
  }
}

/** I/O type code: schid | ssid << 16 | cssid << 18 | ai << 26 (the kernel's KVM_S390_INT_IO). */
export function ioType(cssid: number, ssid: number, schid: number, ai = false): bigint {
  if (!isUint(cssid, 0xff) || !isUint(ssid, 0x3) || !isUint(schid, 0xffff)) {
    throw new RangeError(`ioType: cssid must be 0..255, ssid 0..3, schid 0..65535`);
  }
  return BigInt((((ai ? 1 : 0) << 26) | (cssid << 18) | (ssid << 16) | schid) >>> 0);
}

export function iscFromIntWord(word: number): number {
  return (word & IO_INT_WORD_ISC_MASK) >>> IO_INT_WORD_ISC_SHIFT;
}

/** Interruption word for an ISC: isc << 27, kept to 32 bits as the kernel's u32 shift keeps it. */
export function iscToIntWord(isc: number): number {
  return (isc << IO_INT_WORD_ISC_SHIFT) >>> 0;
}

/** MSB0 bit of an ISC in an 8-bit mask (IPM, simm, nimm). Zero past ISC 7 (§6.4). */
export function iscMask(isc: number): number {
  return isc >= 0 && isc <= MAX_ISC ? 0x80 >> isc : 0;
}

/** Set bits of an ISC mask (IPM, simm, nimm). */
export function countBits(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
