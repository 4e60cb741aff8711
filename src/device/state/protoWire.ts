// The protobuf wire format, as much of it as the FLIC state format needs (docs/state.md): varints
// of up to 64 bits as bigint where a field can exceed 2^53, length-delimited bytes and messages,
// packed repeated varints. Written here rather than taken from protobufjs because the state
// format needs exact 64-bit values and a strict reader: an unknown field, a wrong wire type, a
// duplicated singular field or a varint past its field's width is a malformed blob (EINVAL),
// never skipped or rounded. A test decodes what this writes with protobufjs and the .proto file.
import { OP_IMPORT_VM, U32_MAX } from '../abi/index.js';
import { KvmError } from '../errno.js';

export const WIRE_VARINT = 0;
export const WIRE_BYTES = 2;

const EMPTY = new Uint8Array(0);
const UTF8 = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });
/** A 64-bit varint takes at most 10 bytes. */
const MAX_VARINT_BYTES = 10;
/** The largest field number protobuf allows. */
const MAX_FIELD = 0x1fffffff;
/** Byte fields from this size on are kept by reference instead of copied. */
const BIG_BYTES = 4096;
const INITIAL_BUFFER = 64;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Writes fields in the order called; proto3 defaults (0, false, empty) are left out. Small writes
 * go into one growing buffer; byte fields of at least BIG_BYTES are kept by reference, so a
 * snapshot's queues are copied once, into the final blob (and a journal entry costs no garbage
 * beyond its buffer).
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private partsLength = 0;
  private buf = new Uint8Array(INITIAL_BUFFER);
  private len = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.partsLength + this.len;
  }

  uint(field: number, v: number): void {
    if (v === 0) return;
    this.key(field, WIRE_VARINT);
    this.varint(v);
  }

  bool(field: number, v: boolean): void {
    if (!v) return;
    this.key(field, WIRE_VARINT);
    this.room(1);
    this.buf[this.len++] = 1;
  }

  u64(field: number, v: bigint): void {
    if (v === 0n) return;
    this.key(field, WIRE_VARINT);
    this.varint64(v);
  }

  /**
   * Kept by reference until finish() when large: the caller must not change `b` before then. Left
   * out when empty, unless `present` (a oneof member is written even when it is empty).
   */
  bytes(field: number, b: Uint8Array, present = false): void {
    if (b.length === 0 && !present) return;
    this.key(field, WIRE_BYTES);
    this.varint(b.length);
    this.append(b);
  }

  /**
   * A bytes field of `n` bytes that `fill` writes in place at `b[o]` (no array of its own):
   * what the journal writes an ENQUEUE's records with.
   */
  bytesFilled(field: number, n: number, fill: (b: Uint8Array, o: number) => void): void {
    if (n === 0) return;
    this.key(field, WIRE_BYTES);
    this.varint(n);
    this.room(n);
    fill(this.buf, this.len);
    this.len += n;
  }

  /** A string (UTF-8), left out when empty; ASCII (every VM id) is written without an encoder. */
  string(field: number, v: string): void {
    if (v.length === 0) return;
    this.key(field, WIRE_BYTES);
    if (!isAscii(v)) {
      this.varint(UTF8.encode(v).length);
      this.append(UTF8.encode(v));
      return;
    }
    this.varint(v.length);
    this.room(v.length);
    for (let i = 0; i < v.length; i++) this.buf[this.len++] = v.charCodeAt(i);
  }

  /** Forgets everything written (a scratch writer reused for each entry). */
  reset(): void {
    this.parts.length = 0;
    this.partsLength = 0;
    this.len = 0;
  }

  /**
   * A nested message, written even when empty (its presence is part of the format). `copy`: take
   * a copy of large byte fields too, so that nothing refers to the caller's arrays any more.
   */
  message(field: number, child: ProtoWriter, copy = false): void {
    this.key(field, WIRE_BYTES);
    this.varint(child.length);
    for (const part of child.parts) {
      if (copy) this.copyIn(part);
      else this.append(part);
    }
    this.copyIn(child.buf.subarray(0, child.len));
  }

  /** A packed repeated varint field (left out when empty). */
  packed64(field: number, values: readonly bigint[]): void {
    if (values.length === 0) return;
    const inner = new ProtoWriter();
    for (const v of values) inner.varint64(v);
    this.message(field, inner);
  }

  finish(): Uint8Array {
    if (this.parts.length === 0) return this.buf.slice(0, this.len);
    const out = new Uint8Array(this.length);
    this.writeInto(out, 0);
    return out;
  }

  /** Copies what was written into `out` at `offset` (out has room for `length` bytes there). */
  writeInto(out: Uint8Array, offset: number): void {
    let o = offset;
    for (const part of this.parts) {
      out.set(part, o);
      o += part.length;
    }
    out.set(this.buf.subarray(0, this.len), o);
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  private varint(v: number): void {
    this.room(MAX_VARINT_BYTES);
    const b = this.buf;
    let o = this.len;
    while (v > 0x7f) {
      b[o++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[o++] = v;
    this.len = o;
  }

  private varint64(v: bigint): void {
    if (v <= MAX_SAFE) {
      this.varint(Number(v));
      return;
    }
    this.room(MAX_VARINT_BYTES);
    const b = this.buf;
    let o = this.len;
    while (v > 0x7fn) {
      b[o++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    b[o++] = Number(v);
    this.len = o;
  }

  private copyIn(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private append(b: Uint8Array): void {
    if (b.length < BIG_BYTES) {
      this.copyIn(b);
      return;
    }
    // What was written before goes first, as a part of its own.
    if (this.len > 0) {
      this.parts.push(this.buf.subarray(0, this.len));
      this.partsLength += this.len;
      this.buf = new Uint8Array(INITIAL_BUFFER);
      this.len = 0;
    }
    this.parts.push(b);
    this.partsLength += b.length;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** One field's key as read. */
export interface FieldKey {
  readonly field: number;
  readonly wire: number;
}

/** Reads one message; every failure is EINVAL naming the message (`where`) and what is wrong. */
export class ProtoReader {
  private pos: number;
  private readonly seen = new Set<number>();

  constructor(
    private readonly b: Uint8Array,
    readonly where: string,
    start = 0,
    private readonly end = b.length,
  ) {
    this.pos = start;
  }

  /** The next field's key, or null at the end of the message. */
  next(): FieldKey | null {
    if (this.pos >= this.end) return null;
    const key = this.varint('a field key');
    const field = Math.floor(key / 8);
    if (field === 0 || field > MAX_FIELD) throw this.fail(`field number ${field} is not valid`);
    return { field, wire: key % 8 };
  }

  /** A singular field may appear once (repeated fields pass `repeated`). */
  once(k: FieldKey, repeated = false): void {
    if (repeated) return;
    if (this.seen.has(k.field)) throw this.fail(`field ${k.field} appears twice`);
    this.seen.add(k.field);
  }

  unknown(k: FieldKey): never {
    throw this.fail(`field ${k.field} (wire type ${k.wire}) is not part of this format version`);
  }

  /** A varint of at most `max` (a u32 field: U32_MAX; an enum: its largest value). */
  uint(k: FieldKey, name: string, max: number = U32_MAX): number {
    this.expect(k, WIRE_VARINT, name);
    const v = this.varint(name);
    if (v > max) throw this.fail(`${name} is ${v}, above ${max}`);
    return v;
  }

  bool(k: FieldKey, name: string): boolean {
    return this.uint(k, name, 1) === 1;
  }

  u64(k: FieldKey, name: string): bigint {
    this.expect(k, WIRE_VARINT, name);
    return this.varint64(name);
  }

  /** A u64 counter that must stay exact as a JavaScript number. */
  counter(k: FieldKey, name: string): number {
    this.expect(k, WIRE_VARINT, name);
    return this.varint(name);
  }

  /** A view into the blob (copy it to keep it). */
  bytes(k: FieldKey, name: string): Uint8Array {
    this.expect(k, WIRE_BYTES, name);
    const len = this.length(name);
    const out = len === 0 ? EMPTY : this.b.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(k: FieldKey, name: string): string {
    return UTF8_DECODER.decode(this.bytes(k, name));
  }

  /** A nested message's reader; this reader moves past it. */
  message(k: FieldKey, name: string): ProtoReader {
    this.expect(k, WIRE_BYTES, name);
    const len = this.length(name);
    const child = new ProtoReader(this.b, `${this.where}.${name}`, this.pos, this.pos + len);
    this.pos += len;
    return child;
  }

  /** A repeated varint field, packed or not (protobuf readers must take both); appended to `into`. */
  repeated64(k: FieldKey, name: string, into: bigint[]): void {
    if (k.wire === WIRE_VARINT) {
      into.push(this.varint64(name));
      return;
    }
    this.expect(k, WIRE_BYTES, name);
    const len = this.length(name);
    const end = this.pos + len;
    const inner = new ProtoReader(this.b, this.where, this.pos, end);
    while (inner.pos < end) into.push(inner.varint64(name));
    this.pos = end;
  }

  /** As repeated64, for values that must stay exact as numbers (counters). */
  repeatedCounters(k: FieldKey, name: string, into: number[]): void {
    if (k.wire === WIRE_VARINT) {
      into.push(this.varint(name));
      return;
    }
    this.expect(k, WIRE_BYTES, name);
    const len = this.length(name);
    const end = this.pos + len;
    const inner = new ProtoReader(this.b, this.where, this.pos, end);
    while (inner.pos < end) into.push(inner.varint(name));
    this.pos = end;
  }

  fail(detail: string): KvmError {
    return new KvmError('EINVAL', OP_IMPORT_VM, `malformed state: ${this.where}: ${detail}`);
  }

  private expect(k: FieldKey, wire: number, name: string): void {
    if (k.wire !== wire) throw this.fail(`${name} (field ${k.field}) has wire type ${k.wire}, expected ${wire}`);
  }

  private length(name: string): number {
    const len = this.varint(`the length of ${name}`);
    if (len > this.end - this.pos) throw this.fail(`${name} is ${len} bytes long, only ${this.end - this.pos} remain`);
    return len;
  }

  /** A varint that must stay exact as a JavaScript number (up to 2^53 - 1). */
  private varint(name: string): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (this.pos >= this.end) throw this.fail(`${name} ends inside a varint`);
      const byte = this.b[this.pos++]!;
      v += (byte & 0x7f) * scale;
      // Past 2^53 the sum is no longer exact, but it stays above the limit, which is all the test needs.
      if ((byte & 0x80) === 0) {
        if (v > Number.MAX_SAFE_INTEGER) throw this.fail(`${name} is above 2^53 - 1`);
        return v;
      }
      scale *= 0x80;
    }
    throw this.fail(`${name} is a varint longer than ${MAX_VARINT_BYTES} bytes`);
  }

  private varint64(name: string): bigint {
    let v = 0n;
    for (let shift = 0n; shift < BigInt(MAX_VARINT_BYTES * 7); shift += 7n) {
      if (this.pos >= this.end) throw this.fail(`${name} ends inside a varint`);
      const byte = this.b[this.pos++]!;
      v |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (v > 0xffffffffffffffffn) throw this.fail(`${name} does not fit 64 bits`);
        return v;
      }
    }
    throw this.fail(`${name} is a varint longer than ${MAX_VARINT_BYTES} bytes`);
  }
}
