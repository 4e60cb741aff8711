// Big-endian byte access, 64-bit values as two 32-bit halves, and the range checks that refuse a
// typed value its kernel field cannot hold.

import { KvmError } from '../errno.js';

export const U8_MAX = 0xff;
export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;
export const U64_MAX = 0xffffffffffffffffn;
/** Where the low 32-bit word of a big-endian u64 starts. */
export const LOW_WORD = 4;

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function u64(b: Uint8Array, o: number): bigint {
  return join64(u32(b, o), u32(b, o + LOW_WORD));
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}

/** Write a u64 (the caller has checked the range: the view below wraps modulo 2^64). */
export function put64(b: Uint8Array, o: number, v: bigint): void {
  U64_VIEW[0] = v;
  put32(b, o, U32_VIEW[HI]!);
  put32(b, o + LOW_WORD, U32_VIEW[LO]!);
}

// Number(bigint) and BigInt shifts cost tens of nanoseconds in V8; a BigUint64Array sharing its
// buffer with a Uint32Array splits and joins 64-bit values several times faster.
const U64_VIEW = new BigUint64Array(1);
const U32_VIEW = new Uint32Array(U64_VIEW.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** The low 32 bits of a u64 (values outside 0..2^64-1 wrap, as a C cast does). */
export function lo32(v: bigint): number {
  U64_VIEW[0] = v;
  return U32_VIEW[LO]!;
}

/** The high 32 bits of a u64. */
export function hi32(v: bigint): number {
  U64_VIEW[0] = v;
  return U32_VIEW[HI]!;
}

export function join64(hi: number, lo: number): bigint {
  U32_VIEW[HI] = hi;
  U32_VIEW[LO] = lo;
  return U64_VIEW[0]!;
}

// ---- Input range checks for the typed API --------------------------------------------------
// The typed API is encoded to the kernel layout, so a value that does not fit its field cannot be
// expressed in the ABI: it is refused with EINVAL rather than silently truncated.

export function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}

/** `record`, when given, names the ENQUEUE record; it is formatted only when the check fails. */
function fieldName(field: string, record: number): string {
  return record < 0 ? field : `record ${record}: ${field}`;
}

export function checkUint(group: string, field: string, v: number, max: number, record = -1): number {
  if (!isUint(v, max)) {
    throw new KvmError('EINVAL', group, `${fieldName(field, record)} must be an integer in 0..${max}, got ${v}`);
  }
  return v;
}

export function checkU64(group: string, field: string, v: bigint, record = -1): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) {
    throw new KvmError('EINVAL', group, `${fieldName(field, record)} must be a bigint in 0..2^64-1, got ${String(v)}`);
  }
  return v;
}
