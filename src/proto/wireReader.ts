// The protobuf wire format, read strictly and within bounds: every read names the end of the
// message it belongs to, and a varint, a fixed value or a length prefix that runs past that end
// is refused (never clamped). The request decoder (requestDecoder.ts) walks messages with it.

import { KvmError } from '../device/errno.js';
import { REQUEST_GROUP } from './wire.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const WIRE_TYPE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', '6', '7'];

export function wireTypeName(wireType: number): string {
  return WIRE_TYPE_NAMES[wireType] ?? String(wireType);
}

/** A refusal of the request's bytes: EINVAL, naming the field (`where`) and what is wrong. */
export function malformed(where: string, detail: string, metadata: Record<string, string> = {}): KvmError {
  return new KvmError('EINVAL', REQUEST_GROUP, `${where}: ${detail}`, { metadata: { field: where, ...metadata } });
}

/**
 * A read position in one buffer. The 64-bit value of the last varint64() is left in hi and lo
 * (two unsigned 32-bit halves), so that reading one allocates nothing.
 */
export class WireCursor {
  pos = 0;
  hi = 0;
  lo = 0;

  constructor(readonly buf: Uint8Array) {}

  /** A tag: field number ≥ 1 in the high bits, wire type in the low three; at most 5 bytes. */
  tag(end: number, where: string): number {
    const b = this.buf;
    const pos = this.pos;
    // Field numbers up to 15 take one byte, up to 2047 two: flic's all fit in one.
    if (pos < end) {
      const b0 = b[pos]!;
      if (b0 < 0x80) {
        if (b0 < 8) throw malformed(where, 'field number 0 is not valid');
        this.pos = pos + 1;
        return b0;
      }
    }
    this.varint64(end, where);
    if (this.hi !== 0 || this.lo < 8 || this.pos - pos > 5) throw malformed(where, 'a field tag is not valid');
    return this.lo;
  }

  /** One varint of at most 10 bytes that fits 64 bits, kept in hi and lo. */
  varint64(end: number, where: string): void {
    const b = this.buf;
    let pos = this.pos;
    // Up to four bytes (28 bits) the value is the low half alone.
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw malformed(where, 'a varint runs past the end of its message');
      const byte = b[pos++]!;
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        this.lo = lo;
        this.hi = 0;
        return;
      }
    }
    if (pos >= end) throw malformed(where, 'a varint runs past the end of its message');
    let byte = b[pos++]!;
    lo |= (byte & 0x0f) << 28;
    let hi = (byte & 0x7f) >>> 4;
    for (let shift = 3; byte >= 0x80; shift += 7) {
      if (shift > 31) throw malformed(where, 'a varint is longer than 10 bytes');
      if (pos >= end) throw malformed(where, 'a varint runs past the end of its message');
      byte = b[pos++]!;
      // The tenth byte holds bit 63 only.
      if (shift === 31 && (byte & 0x7f) > 1) throw malformed(where, 'a varint does not fit 64 bits');
      hi |= (byte & 0x7f) << shift;
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** A varint as its low 32 bits (protobuf's uint32 conversion), all of it consumed. */
  uint32(end: number, where: string): number {
    const b = this.buf;
    const pos = this.pos;
    // The common case, one byte, without the general loop.
    if (pos < end && b[pos]! < 0x80) {
      this.pos = pos + 1;
      return b[pos]!;
    }
    this.varint64(end, where);
    return this.lo;
  }

  /** A length prefix; what it declares must lie inside the message (`end`). */
  length(end: number, where: string): number {
    this.varint64(end, where);
    const remaining = end - this.pos;
    if (this.hi !== 0 || this.lo > remaining) {
      const declared = this.hi === 0 ? String(this.lo) : 'more than 2^32';
      throw malformed(where, `declares ${declared} bytes, but only ${remaining} remain in its message`);
    }
    return this.lo;
  }

  /** Steps over `n` bytes of a fixed-size value. */
  skip(n: number, end: number, where: string): void {
    if (end - this.pos < n) throw malformed(where, `a ${n}-byte value runs past the end of its message`);
    this.pos += n;
  }

  /** Steps over the value of a field that this server does not know (its framing is still checked). */
  skipUnknown(wireType: number, end: number, where: string): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64(end, where);
        return;
      case WIRE_FIXED64:
        this.skip(8, end, where);
        return;
      case WIRE_LEN: {
        const len = this.length(end, where);
        this.pos += len;
        return;
      }
      case WIRE_FIXED32:
        this.skip(4, end, where);
        return;
      default:
        throw malformed(where, `wire type ${wireTypeName(wireType)} is not accepted (groups are not part of proto3)`);
    }
  }
}

/** Field number and wire type of a tag. */
export function fieldNumberOf(tag: number): number {
  return tag >>> 3;
}

export function wireTypeOf(tag: number): number {
  return tag & 7;
}
