// A typed ENQUEUE request decoded straight into the device's form: one struct kvm_s390_irq per
// Interrupt (72 bytes, the layout of src/device/abi/irqRecord.ts), ready for the byte path of
// KVM_DEV_FLIC_ENQUEUE. No message object is built per record. It runs only on bytes that
// requestDecoder.ts has checked whole (framing, wire types, one value per field, the record
// count), so it reads without bounds checks of its own. A field wider than its kernel field is
// refused with the same EINVAL as the typed API's (checkIrq), before the device is reached; the
// device then treats the records exactly as the typed path does (see FlicEngine.enqueueTyped).

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
  KVM_DEV_FLIC_ENQUEUE,
  KVM_S390_IRQ_SIZE,
  LOW_WORD,
  MCHK_CR14_OFFSET,
  MCHK_EXT_DAMAGE_CODE_OFFSET,
  MCHK_FAILING_STORAGE_ADDRESS_OFFSET,
  MCHK_FIXED_LOGOUT_OFFSET,
  MCHK_MCIC_OFFSET,
  MCHK_PAD_OFFSET,
  U16_MAX,
  checkFixedLogoutLength,
  checkRawPayloadLength,
  checkUint,
  groupName,
  put16,
  put32,
} from '../device/abi/index.js';
import { strictDecoder, type RequestDecode } from './requestDecoder.js';
import { flicDescriptors } from './requestSchema.js';
import { WireCursor, fieldNumberOf, wireTypeOf } from './wireReader.js';

/** A decoded EnqueueRequest: its VM and its records in kernel layout. */
export interface EnqueueRecords {
  readonly vmId: string;
  /** `count` records of 72 bytes. */
  readonly records: Uint8Array;
  readonly count: number;
}

const ENQUEUE = groupName(KVM_DEV_FLIC_ENQUEUE);

/** Field numbers from the descriptors, so that flic.proto stays their one definition. */
function numbersOf(type: string): Readonly<Record<string, number>> {
  const t = flicDescriptors().lookupType(type);
  return Object.fromEntries(t.fieldsArray.map((f) => [f.name, f.id]));
}

const REQ = numbersOf('flic.v1.EnqueueRequest');
const IRQ = numbersOf('flic.v1.Interrupt');
const IO = numbersOf('flic.v1.IoPayload');
const EXT = numbersOf('flic.v1.ExtPayload');
const MCHK = numbersOf('flic.v1.MchkPayload');

/** The strict decoder of EnqueueRequest into kernel records. */
export function enqueueRecordsDecoder(): RequestDecode<EnqueueRecords> {
  // The plan counts one list, irqs, in counter slot 0.
  return strictDecoder('flic.v1.EnqueueRequest', (bytes, counts) => decodeEnqueue(bytes, counts[0] ?? 0));
}

/** Below this, records come from Node's shared buffer pool (one small call, no allocation of its own). */
const POOLED_BYTES = 4096;

/** Zeroed bytes for the records. The device copies what it keeps, so pooled memory is safe. */
function recordBytes(n: number): Uint8Array {
  return n < POOLED_BYTES ? Buffer.allocUnsafe(n).fill(0) : new Uint8Array(n);
}

function decodeEnqueue(bytes: Buffer, count: number): EnqueueRecords {
  const records = recordBytes(count * KVM_S390_IRQ_SIZE);
  const c = new WireCursor(bytes);
  const end = bytes.length;
  let vmId = '';
  let index = 0;
  while (c.pos < end) {
    const tag = c.tag(end, '');
    const field = fieldNumberOf(tag);
    if (field === REQ['irqs']) {
      const len = c.length(end, '');
      readInterrupt(c, c.pos + len, records, index * KVM_S390_IRQ_SIZE, index);
      index++;
    } else if (field === REQ['vm_id']) {
      const len = c.length(end, '');
      vmId = bytes.toString('utf8', c.pos, c.pos + len);
      c.pos += len;
    } else {
      c.skipUnknown(wireTypeOf(tag), end, '');
    }
  }
  return { vmId, records, count };
}

/** One Interrupt at record offset `o`; absent fields stay zero, as in the kernel's struct. */
function readInterrupt(c: WireCursor, end: number, b: Uint8Array, o: number, index: number): void {
  const p = o + IRQ_UNION_OFFSET;
  while (c.pos < end) {
    const tag = c.tag(end, '');
    const field = fieldNumberOf(tag);
    if (field === IRQ['type']) {
      c.varint64(end, '');
      put32(b, o + IRQ_TYPE_OFFSET, c.hi);
      put32(b, o + IRQ_TYPE_LO_OFFSET, c.lo);
    } else if (field === IRQ['io']) {
      const len = c.length(end, '');
      readIo(c, c.pos + len, b, p, index);
    } else if (field === IRQ['ext']) {
      const len = c.length(end, '');
      readExt(c, c.pos + len, b, p);
    } else if (field === IRQ['mchk']) {
      const len = c.length(end, '');
      readMchk(c, c.pos + len, b, p, index);
    } else if (field === IRQ['raw']) {
      const len = c.length(end, '');
      checkRawPayloadLength(len, index);
      b.set(c.buf.subarray(c.pos, c.pos + len), p);
      c.pos += len;
    } else {
      c.skipUnknown(wireTypeOf(tag), end, '');
    }
  }
}

function readIo(c: WireCursor, end: number, b: Uint8Array, p: number, index: number): void {
  while (c.pos < end) {
    const tag = c.tag(end, '');
    const field = fieldNumberOf(tag);
    if (field === IO['subchannel_id']) {
      put16(b, p + IO_SUBCHANNEL_ID_OFFSET, checkUint(ENQUEUE, 'subchannelId', c.uint32(end, ''), U16_MAX, index));
    } else if (field === IO['subchannel_nr']) {
      put16(b, p + IO_SUBCHANNEL_NR_OFFSET, checkUint(ENQUEUE, 'subchannelNr', c.uint32(end, ''), U16_MAX, index));
    } else if (field === IO['io_int_parm']) {
      put32(b, p + IO_INT_PARM_OFFSET, c.uint32(end, ''));
    } else if (field === IO['io_int_word']) {
      put32(b, p + IO_INT_WORD_OFFSET, c.uint32(end, ''));
    } else {
      c.skipUnknown(wireTypeOf(tag), end, '');
    }
  }
}

function readExt(c: WireCursor, end: number, b: Uint8Array, p: number): void {
  while (c.pos < end) {
    const tag = c.tag(end, '');
    const field = fieldNumberOf(tag);
    if (field === EXT['ext_params']) put32(b, p + EXT_PARAMS_OFFSET, c.uint32(end, ''));
    else if (field === EXT['pad']) put32(b, p + EXT_PAD_OFFSET, c.uint32(end, ''));
    else if (field === EXT['ext_params2']) putVarint64(c, end, b, p + EXT_PARAMS2_OFFSET);
    else c.skipUnknown(wireTypeOf(tag), end, '');
  }
}

function readMchk(c: WireCursor, end: number, b: Uint8Array, p: number, index: number): void {
  while (c.pos < end) {
    const tag = c.tag(end, '');
    const field = fieldNumberOf(tag);
    if (field === MCHK['cr14']) putVarint64(c, end, b, p + MCHK_CR14_OFFSET);
    else if (field === MCHK['mcic']) putVarint64(c, end, b, p + MCHK_MCIC_OFFSET);
    else if (field === MCHK['failing_storage_address']) putVarint64(c, end, b, p + MCHK_FAILING_STORAGE_ADDRESS_OFFSET);
    else if (field === MCHK['ext_damage_code']) put32(b, p + MCHK_EXT_DAMAGE_CODE_OFFSET, c.uint32(end, ''));
    else if (field === MCHK['pad']) put32(b, p + MCHK_PAD_OFFSET, c.uint32(end, ''));
    else if (field === MCHK['fixed_logout']) {
      const len = c.length(end, '');
      checkFixedLogoutLength(len, index);
      b.set(c.buf.subarray(c.pos, c.pos + len), p + MCHK_FIXED_LOGOUT_OFFSET);
      c.pos += len;
    } else c.skipUnknown(wireTypeOf(tag), end, '');
  }
}

function putVarint64(c: WireCursor, end: number, b: Uint8Array, o: number): void {
  c.varint64(end, '');
  put32(b, o, c.hi);
  put32(b, o + LOW_WORD, c.lo);
}
