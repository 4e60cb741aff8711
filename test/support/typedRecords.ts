// The standard records of the conformance notation (kernel-vectors.md), as typed Irq values (the
// byte builders of the same notation are test/conformance/recordBytes.ts).

import { KVM_S390_MCHK, type Irq } from '../../src/client/index.js';

export function io(type: number, subchannelId: number, subchannelNr: number, ioIntParm: number, ioIntWord: number): Irq {
  return { kind: 'io', type: BigInt(type), subchannelId, subchannelNr, ioIntParm, ioIntWord };
}

export function ext(type: number, extParams = 0, pad = 0, extParams2 = 0n): Irq {
  return { kind: 'ext', type: BigInt(type), extParams, pad, extParams2 };
}

/** A floating machine check with only cr14 and mcic set. */
export function MCHK(cr14: bigint, mcic: bigint): Irq {
  return { kind: 'mchk', type: BigInt(KVM_S390_MCHK), cr14, mcic, failingStorageAddress: 0n, extDamageCode: 0, pad: 0, fixedLogout: new Uint8Array(16) };
}

/** ISC 3, 1, 7 and 0. */
export const A = io(0x03f80005, 0xfe01, 0x0005, 0x000000a1, 0x18000000);
export const B = io(0x03f80006, 0xfe01, 0x0006, 0x000000b2, 0x08000000);
export const C = io(0x03f80007, 0xfe01, 0x0007, 0x000000c3, 0x38000000);
export const D = io(0x03f80008, 0xfe01, 0x0008, 0x000000d4, 0x00000000);

export const SVC = (p: number): Irq => ext(0xffff2401, p);
export const VIRTIO = (p: number, pad = 0, p2 = 0n): Irq => ext(0xffff2603, p, pad, p2);
export const PFD = (p: number, pad = 0, p2 = 0n): Irq => ext(0xfffe0005, p, pad, p2);
