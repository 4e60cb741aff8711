// The one strict, bounded decoder of flic.v1 requests. A request's bytes are first checked whole
// against its plan (requestSchema.ts): every length prefix inside its parent, every wire type the
// declared one, every string valid UTF-8 and at most REQUEST_STRING_MAX_BYTES, each singular field
// and each oneof at most once, and every list counted against its limit, all before anything is
// built. Only bytes that pass are materialized: by proto-loader's own deserializer (whose reader
// would otherwise clamp a string that runs past the end), or, for ENQUEUE, straight into kernel
// records (enqueueRecords.ts). A refusal is a KvmError (EINVAL, group REQUEST) naming the field.

import { isUtf8 } from 'node:buffer';
import type { KvmError } from '../device/errno.js';
import { REQUEST_STRING_MAX_BYTES } from './requestLimits.js';
import { requestPlan, type FieldPlan, type MessagePlan, type RequestPlan } from './requestSchema.js';
import { WireCursor, malformed, wireTypeName } from './wireReader.js';

const NO_LISTS = new Uint32Array(0);

/** Checks `bytes` against the plan; throws the refusal. Returns the entries of each list. */
export function checkRequest(plan: RequestPlan, bytes: Uint8Array): Uint32Array {
  const counts = plan.counters === 0 ? NO_LISTS : new Uint32Array(plan.counters);
  const cursor = new WireCursor(bytes);
  checkMessage(cursor, bytes.length, plan.message, counts);
  return counts;
}

function checkMessage(c: WireCursor, end: number, plan: MessagePlan, counts: Uint32Array): void {
  let seen = 0;
  let oneofs = 0;
  while (c.pos < end) {
    const tag = c.tag(end, plan.name);
    const number = tag >>> 3;
    const wireType = tag & 7;
    const f = plan.fields[number];
    if (f === undefined) {
      c.skipUnknown(wireType, end, `${plan.name} field ${number}`);
      continue;
    }
    if (f.repeated) {
      addEntries(f, counts, 1);
    } else {
      if ((seen & f.bit) !== 0) throw malformed(f.name, 'appears more than once in its message');
      seen |= f.bit;
      if (f.oneofBit !== 0) {
        if ((oneofs & f.oneofBit) !== 0) throw malformed(f.name, `is a second member of oneof ${f.oneofName}`);
        oneofs |= f.oneofBit;
      }
    }
    if (wireType !== f.wireType) {
      throw malformed(f.name, `arrives with wire type ${wireTypeName(wireType)}, its type needs ${wireTypeName(f.wireType)}`);
    }
    checkValue(c, end, f, counts);
  }
}

function checkValue(c: WireCursor, end: number, f: FieldPlan, counts: Uint32Array): void {
  switch (f.kind) {
    case 'scalar': {
      if (f.fixedSize !== 0) {
        c.skip(f.fixedSize, end, f.name);
        return;
      }
      const start = c.pos;
      c.varint64(end, f.name);
      const bytes = c.pos - start;
      // Writers use 1 to 5 bytes for a 32-bit value, and 10 for a negative int32 or enum.
      if (f.varint32 && bytes > 5 && bytes < 10) {
        throw malformed(f.name, `a 32-bit varint takes ${bytes} bytes (a writer uses 1 to 5, or 10)`);
      }
      return;
    }
    case 'bytes': {
      const len = c.length(end, f.name);
      c.pos += len;
      return;
    }
    case 'string': {
      const len = c.length(end, f.name);
      if (len > REQUEST_STRING_MAX_BYTES) {
        throw malformed(f.name, `is ${len} bytes long, the limit is ${REQUEST_STRING_MAX_BYTES}`, {
          limit: String(REQUEST_STRING_MAX_BYTES),
        });
      }
      if (!isValidUtf8(c.buf, c.pos, c.pos + len)) throw malformed(f.name, 'is not valid UTF-8');
      c.pos += len;
      return;
    }
    case 'message': {
      const len = c.length(end, f.name);
      checkMessage(c, c.pos + len, f.child!, counts);
      return;
    }
  }
}

function addEntries(f: FieldPlan, counts: Uint32Array, n: number): void {
  const total = counts[f.counter]! + n;
  if (total > f.limit) {
    throw malformed(f.name, `has more than ${f.limit} entries, the limit`, { limit: String(f.limit) });
  }
  counts[f.counter] = total;
}

/** ASCII in JavaScript (vm_ids are short), anything else by Node's validator. */
function isValidUtf8(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (b[i]! >= 0x80) return isUtf8(b.subarray(start, end));
  }
  return true;
}

// ---- Decoders per request type --------------------------------------------------------------

/** A request refused by the decoder, handed on in place of the request (see src/server). */
export class RefusedRequest {
  constructor(readonly error: KvmError) {}
}

/** A request's bytes (as grpc-js hands them over) → the request a handler receives; throws the refusal. */
export type RequestDecode<T> = (bytes: Buffer) => T;

/**
 * The strict decoder of one request type: the check above, then `materialize` on bytes that
 * passed (it may throw a KvmError of its own, still before the device is reached).
 */
export function strictDecoder<T>(
  requestType: string,
  materialize: (bytes: Buffer, counts: Uint32Array) => T,
): RequestDecode<T> {
  const plan = requestPlan(requestType);
  return (bytes) => materialize(bytes, checkRequest(plan, bytes));
}
