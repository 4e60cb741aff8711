// Interrupt messages written straight from kernel records (72-byte struct kvm_s390_irq) into
// protobuf bytes, for the large replies (GetAllIrqs, Inspect): building 266,250 message objects and
// serializing them with protobufjs took 1.6 s of main thread; this writer takes a few tens of
// milliseconds and can stop between slices. It writes exactly what protobufjs writes for
// irqToMessage(decodeIrq(record)): the same fields in field-number order, zeros included (the
// message sets every field), so the bytes are identical (test/proto/interruptWire.test.ts).

import {
  EXT_PAD_OFFSET,
  EXT_PARAMS2_OFFSET,
  EXT_PARAMS_OFFSET,
  IO_INT_PARM_OFFSET,
  IO_INT_WORD_OFFSET,
  IO_SUBCHANNEL_ID_OFFSET,
  IO_SUBCHANNEL_NR_OFFSET,
  IRQ_TYPE_LO_OFFSET,
  IRQ_TYPE_OFFSET,
  IRQ_UNION_OFFSET,
  IRQ_UNION_SIZE,
  IrqClass,
  KVM_S390_IRQ_SIZE,
  LOW_WORD,
  MCHK_CR14_OFFSET,
  MCHK_EXT_DAMAGE_CODE_OFFSET,
  MCHK_FAILING_STORAGE_ADDRESS_OFFSET,
  MCHK_FIXED_LOGOUT_OFFSET,
  MCHK_FIXED_LOGOUT_SIZE,
  MCHK_MCIC_OFFSET,
  MCHK_PAD_OFFSET,
  classifyType,
} from '../device/abi/index.js';
import { WIRE_LEN, WIRE_VARINT } from './wireReader.js';

// Field numbers of flic.v1.Interrupt and its payloads (proto/flic/v1/flic.proto).
const INTERRUPT_TYPE = 1;
const INTERRUPT_IO = 2;
const INTERRUPT_EXT = 3;
const INTERRUPT_MCHK = 4;
const INTERRUPT_RAW = 5;

function tag(field: number, wire: number): number {
  return (field << 3) | wire;
}

function size32(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes of the varint of the 64-bit value hi:lo (both unsigned 32-bit halves). */
function size64(hi: number, lo: number): number {
  if (hi === 0) return size32(lo);
  // 32 bits of lo plus the bits of hi, 7 per byte.
  const bits = 64 - Math.clz32(hi);
  return Math.ceil(bits / 7);
}

/** A forward-only writer into a buffer that the caller sized exactly. */
export class ProtoWriter {
  private o = 0;

  constructor(readonly buf: Uint8Array) {}

  get offset(): number {
    return this.o;
  }

  byte(v: number): void {
    this.buf[this.o++] = v;
  }

  varint32(v: number): void {
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.o++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.o++] = x;
  }

  varint64(hi: number, lo: number): void {
    if (hi === 0) {
      this.varint32(lo);
      return;
    }
    // Four 7-bit groups come from lo alone, the fifth straddles lo and hi.
    let l = lo >>> 0;
    for (let i = 0; i < 4; i++) {
      this.buf[this.o++] = (l & 0x7f) | 0x80;
      l >>>= 7;
    }
    let h = hi >>> 0;
    let v = (l | (h << 4)) & 0x7f;
    h >>>= 3;
    while (h !== 0) {
      this.buf[this.o++] = v | 0x80;
      v = h & 0x7f;
      h >>>= 7;
    }
    this.buf[this.o++] = v;
  }

  bytes(from: Uint8Array, start: number, end: number): void {
    this.buf.set(from.subarray(start, end), this.o);
    this.o += end - start;
  }
}

/** Field tag and length prefix of a length-delimited field with `len` bytes. */
export function delimitedSize(len: number): number {
  return 1 + size32(len) + len;
}

function word(dv: DataView, o: number): number {
  return dv.getUint32(o);
}

/** The Interrupt field that carries the payload of a record of this class (the member irqToMessage sets). */
function payloadField(cls: IrqClass): number {
  switch (cls) {
    case IrqClass.Io:
      return INTERRUPT_IO;
    case IrqClass.Mchk:
      return INTERRUPT_MCHK;
    case IrqClass.Other:
      return INTERRUPT_RAW;
    default:
      return INTERRUPT_EXT;
  }
}

/** Bytes of the payload message of the record at `o`. */
function payloadSize(dv: DataView, o: number, cls: IrqClass): number {
  const p = o + IRQ_UNION_OFFSET;
  switch (cls) {
    case IrqClass.Io:
      return (
        4 +
        size32(dv.getUint16(p + IO_SUBCHANNEL_ID_OFFSET)) +
        size32(dv.getUint16(p + IO_SUBCHANNEL_NR_OFFSET)) +
        size32(word(dv, p + IO_INT_PARM_OFFSET)) +
        size32(word(dv, p + IO_INT_WORD_OFFSET))
      );
    case IrqClass.Mchk:
      return (
        6 +
        size64(word(dv, p + MCHK_CR14_OFFSET), word(dv, p + MCHK_CR14_OFFSET + LOW_WORD)) +
        size64(word(dv, p + MCHK_MCIC_OFFSET), word(dv, p + MCHK_MCIC_OFFSET + LOW_WORD)) +
        size64(word(dv, p + MCHK_FAILING_STORAGE_ADDRESS_OFFSET), word(dv, p + MCHK_FAILING_STORAGE_ADDRESS_OFFSET + LOW_WORD)) +
        size32(word(dv, p + MCHK_EXT_DAMAGE_CODE_OFFSET)) +
        size32(word(dv, p + MCHK_PAD_OFFSET)) +
        size32(MCHK_FIXED_LOGOUT_SIZE) +
        MCHK_FIXED_LOGOUT_SIZE
      );
    case IrqClass.Other:
      return IRQ_UNION_SIZE;
    default:
      return (
        3 +
        size32(word(dv, p + EXT_PARAMS_OFFSET)) +
        size32(word(dv, p + EXT_PAD_OFFSET)) +
        size64(word(dv, p + EXT_PARAMS2_OFFSET), word(dv, p + EXT_PARAMS2_OFFSET + LOW_WORD))
      );
  }
}

/** Bytes of the Interrupt message of the record at `o` (without its own tag and length). */
function interruptSize(dv: DataView, o: number): number {
  const hi = word(dv, o + IRQ_TYPE_OFFSET);
  const lo = word(dv, o + IRQ_TYPE_LO_OFFSET);
  return 1 + size64(hi, lo) + delimitedSize(payloadSize(dv, o, classifyType(hi, lo)));
}

function writeInterrupt(w: ProtoWriter, dv: DataView, records: Uint8Array, o: number): void {
  const hi = word(dv, o + IRQ_TYPE_OFFSET);
  const lo = word(dv, o + IRQ_TYPE_LO_OFFSET);
  const cls = classifyType(hi, lo);
  const p = o + IRQ_UNION_OFFSET;
  w.byte(tag(INTERRUPT_TYPE, WIRE_VARINT));
  w.varint64(hi, lo);
  w.byte(tag(payloadField(cls), WIRE_LEN));
  w.varint32(payloadSize(dv, o, cls));
  switch (cls) {
    case IrqClass.Io:
      w.byte(tag(1, WIRE_VARINT));
      w.varint32(dv.getUint16(p + IO_SUBCHANNEL_ID_OFFSET));
      w.byte(tag(2, WIRE_VARINT));
      w.varint32(dv.getUint16(p + IO_SUBCHANNEL_NR_OFFSET));
      w.byte(tag(3, WIRE_VARINT));
      w.varint32(word(dv, p + IO_INT_PARM_OFFSET));
      w.byte(tag(4, WIRE_VARINT));
      w.varint32(word(dv, p + IO_INT_WORD_OFFSET));
      return;
    case IrqClass.Mchk:
      for (const [f, at] of MCHK_U64_FIELDS) {
        w.byte(tag(f, WIRE_VARINT));
        w.varint64(word(dv, p + at), word(dv, p + at + LOW_WORD));
      }
      w.byte(tag(4, WIRE_VARINT));
      w.varint32(word(dv, p + MCHK_EXT_DAMAGE_CODE_OFFSET));
      w.byte(tag(5, WIRE_VARINT));
      w.varint32(word(dv, p + MCHK_PAD_OFFSET));
      w.byte(tag(6, WIRE_LEN));
      w.varint32(MCHK_FIXED_LOGOUT_SIZE);
      w.bytes(records, p + MCHK_FIXED_LOGOUT_OFFSET, p + MCHK_FIXED_LOGOUT_OFFSET + MCHK_FIXED_LOGOUT_SIZE);
      return;
    case IrqClass.Other:
      w.bytes(records, p, p + IRQ_UNION_SIZE);
      return;
    default:
      w.byte(tag(1, WIRE_VARINT));
      w.varint32(word(dv, p + EXT_PARAMS_OFFSET));
      w.byte(tag(2, WIRE_VARINT));
      w.varint32(word(dv, p + EXT_PAD_OFFSET));
      w.byte(tag(3, WIRE_VARINT));
      w.varint64(word(dv, p + EXT_PARAMS2_OFFSET), word(dv, p + EXT_PARAMS2_OFFSET + LOW_WORD));
  }
}

/** MchkPayload's uint64 fields: cr14, mcic, failing_storage_address. */
const MCHK_U64_FIELDS: readonly (readonly [number, number])[] = [
  [1, MCHK_CR14_OFFSET],
  [2, MCHK_MCIC_OFFSET],
  [3, MCHK_FAILING_STORAGE_ADDRESS_OFFSET],
];

/**
 * The records [first, end) of `records` as repeated Interrupt field `field` of their message:
 * each one's tag, length and Interrupt bytes.
 */
export function encodeInterrupts(records: Uint8Array, field: number, first: number, end: number): Buffer {
  const dv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const sizes = new Uint32Array(Math.max(0, end - first));
  let total = 0;
  for (let i = first; i < end; i++) {
    const n = interruptSize(dv, i * KVM_S390_IRQ_SIZE);
    sizes[i - first] = n;
    total += delimitedSize(n);
  }
  const out = Buffer.allocUnsafe(total);
  const w = new ProtoWriter(out);
  const t = tag(field, WIRE_LEN);
  for (let i = first; i < end; i++) {
    w.byte(t);
    w.varint32(sizes[i - first]!);
    writeInterrupt(w, dv, records, i * KVM_S390_IRQ_SIZE);
  }
  return out;
}

/** A field's tag followed by one varint (the value, or the length of the bytes that follow). */
function tagAndVarint(field: number, wire: number, value: number): Buffer {
  const out = Buffer.allocUnsafe(1 + size32(value));
  const w = new ProtoWriter(out);
  w.byte(tag(field, wire));
  w.varint32(value);
  return out;
}

/** The tag and length of a length-delimited field (a sub-message whose bytes follow). */
export function delimitedHeader(field: number, len: number): Buffer {
  return tagAndVarint(field, WIRE_LEN, len);
}

/** A varint field (uint32), tag included. */
export function varintField(field: number, value: number): Buffer {
  return tagAndVarint(field, WIRE_VARINT, value);
}
