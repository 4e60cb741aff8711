// struct kvm_s390_irq (72 bytes, §9.1): the one offset table of the record, the union member
// sizes ENQUEUE reads, the typed codec, and the writers GET_ALL_IRQS fills its reply with. Every
// module that reads or writes a record's bytes uses the offsets below.

import { KvmError } from '../errno.js';
import type { Irq } from '../types.js';
import { LOW_WORD, U16_MAX, U32_MAX, checkU64, checkUint, join64, put16, put32, put64, u16, u32, u64 } from './bytes.js';
import { KVM_DEV_FLIC_ENQUEUE, KVM_S390_IRQ_SIZE, KVM_S390_MCHK, groupName } from './constants.js';
import { IrqClass, classifyType } from './irqTypes.js';

// ---- The offset table ------------------------------------------------------------------------

/** The u64 type code, then the 64-byte union at IRQ_UNION_OFFSET. */
export const IRQ_TYPE_OFFSET = 0;
/** Floating type codes fit the low word of the type. */
export const IRQ_TYPE_LO_OFFSET = IRQ_TYPE_OFFSET + LOW_WORD;
export const IRQ_TYPE_SIZE = 8;
export const IRQ_UNION_OFFSET = IRQ_TYPE_SIZE;
export const IRQ_UNION_SIZE = 64;

// Union members, as offsets from the start of the union.
/** io: subchannel_id and subchannel_nr (u16 each; read together they are the schid word). */
export const IO_SUBCHANNEL_ID_OFFSET = 0;
export const IO_SUBCHANNEL_NR_OFFSET = 2;
export const IO_SCHID_WORD_OFFSET = IO_SUBCHANNEL_ID_OFFSET;
export const IO_INT_PARM_OFFSET = 4;
export const IO_INT_WORD_OFFSET = 8;
/** ext: ext_params, pad, ext_params2 (u64). */
export const EXT_PARAMS_OFFSET = 0;
export const EXT_PAD_OFFSET = 4;
export const EXT_PARAMS2_OFFSET = 8;
/** mchk: cr14, mcic, failing_storage_address (u64 each), ext_damage_code, pad, fixed_logout[16]. */
export const MCHK_CR14_OFFSET = 0;
export const MCHK_MCIC_OFFSET = 8;
export const MCHK_FAILING_STORAGE_ADDRESS_OFFSET = 16;
export const MCHK_EXT_DAMAGE_CODE_OFFSET = 24;
export const MCHK_PAD_OFFSET = 28;
export const MCHK_FIXED_LOGOUT_OFFSET = 32;
export const MCHK_FIXED_LOGOUT_SIZE = 16;

/** Union member sizes read by ENQUEUE (§3.2 step 5.3). */
export const IO_PAYLOAD_SIZE = 12;
export const EXT_PAYLOAD_SIZE = 16;
export const MCHK_PAYLOAD_SIZE = 48;

export function payloadSize(cls: IrqClass): number {
  switch (cls) {
    case IrqClass.Io:
      return IO_PAYLOAD_SIZE;
    case IrqClass.Mchk:
      return MCHK_PAYLOAD_SIZE;
    case IrqClass.Other:
      return 0;
    default:
      return EXT_PAYLOAD_SIZE;
  }
}

// ---- The typed codec ---------------------------------------------------------------------------

const ENQUEUE = groupName(KVM_DEV_FLIC_ENQUEUE);

/**
 * Refuse (EINVAL) a typed record with a field that does not fit its width in struct
 * kvm_s390_irq: such a record cannot be expressed in the ABI at all.
 */
export function checkIrq(irq: Irq, index = 0): void {
  checkU64(ENQUEUE, 'type', irq.type, index);
  switch (irq.kind) {
    case 'io':
      checkUint(ENQUEUE, 'subchannelId', irq.subchannelId, U16_MAX, index);
      checkUint(ENQUEUE, 'subchannelNr', irq.subchannelNr, U16_MAX, index);
      checkUint(ENQUEUE, 'ioIntParm', irq.ioIntParm, U32_MAX, index);
      checkUint(ENQUEUE, 'ioIntWord', irq.ioIntWord, U32_MAX, index);
      return;
    case 'ext':
      checkUint(ENQUEUE, 'extParams', irq.extParams, U32_MAX, index);
      checkUint(ENQUEUE, 'pad', irq.pad, U32_MAX, index);
      checkU64(ENQUEUE, 'extParams2', irq.extParams2, index);
      return;
    case 'mchk':
      checkU64(ENQUEUE, 'cr14', irq.cr14, index);
      checkU64(ENQUEUE, 'mcic', irq.mcic, index);
      checkU64(ENQUEUE, 'failingStorageAddress', irq.failingStorageAddress, index);
      checkUint(ENQUEUE, 'extDamageCode', irq.extDamageCode, U32_MAX, index);
      checkUint(ENQUEUE, 'pad', irq.pad, U32_MAX, index);
      checkFixedLogoutLength(irq.fixedLogout.length, index);
      return;
    case 'raw':
      checkRawPayloadLength(irq.payload.length, index);
      return;
    default:
      throw new KvmError('EINVAL', ENQUEUE, `record ${index}: kind must be io, ext, mchk or raw`);
  }
}

/** fixed_logout is 16 bytes in the struct: a longer one cannot be expressed (EINVAL). */
export function checkFixedLogoutLength(length: number, index: number): void {
  if (length > MCHK_FIXED_LOGOUT_SIZE) {
    throw new KvmError('EINVAL', ENQUEUE, `record ${index}: fixedLogout must be at most ${MCHK_FIXED_LOGOUT_SIZE} bytes`);
  }
}

/** The union is 64 bytes: a longer raw payload cannot be expressed (EINVAL). */
export function checkRawPayloadLength(length: number, index: number): void {
  if (length > IRQ_UNION_SIZE) {
    throw new KvmError('EINVAL', ENQUEUE, `record ${index}: payload must be at most ${IRQ_UNION_SIZE} bytes`);
  }
}

/** Encode one interrupt at `o` of `b`, writing all 72 bytes (unused union bytes are zero). */
export function encodeIrq(irq: Irq, b: Uint8Array, o: number, index = 0): void {
  checkIrq(irq, index);
  put64(b, o + IRQ_TYPE_OFFSET, irq.type);
  const p = o + IRQ_UNION_OFFSET;
  b.fill(0, p, o + KVM_S390_IRQ_SIZE);
  switch (irq.kind) {
    case 'io':
      put16(b, p + IO_SUBCHANNEL_ID_OFFSET, irq.subchannelId);
      put16(b, p + IO_SUBCHANNEL_NR_OFFSET, irq.subchannelNr);
      put32(b, p + IO_INT_PARM_OFFSET, irq.ioIntParm);
      put32(b, p + IO_INT_WORD_OFFSET, irq.ioIntWord);
      return;
    case 'ext':
      put32(b, p + EXT_PARAMS_OFFSET, irq.extParams);
      put32(b, p + EXT_PAD_OFFSET, irq.pad);
      put64(b, p + EXT_PARAMS2_OFFSET, irq.extParams2);
      return;
    case 'mchk':
      put64(b, p + MCHK_CR14_OFFSET, irq.cr14);
      put64(b, p + MCHK_MCIC_OFFSET, irq.mcic);
      put64(b, p + MCHK_FAILING_STORAGE_ADDRESS_OFFSET, irq.failingStorageAddress);
      put32(b, p + MCHK_EXT_DAMAGE_CODE_OFFSET, irq.extDamageCode);
      put32(b, p + MCHK_PAD_OFFSET, irq.pad);
      b.set(irq.fixedLogout, p + MCHK_FIXED_LOGOUT_OFFSET);
      return;
    case 'raw':
      b.set(irq.payload, p);
      return;
  }
}

export function encodeIrqs(irqs: readonly Irq[]): Uint8Array {
  const b = new Uint8Array(irqs.length * KVM_S390_IRQ_SIZE);
  for (let i = 0; i < irqs.length; i++) encodeIrq(irqs[i]!, b, i * KVM_S390_IRQ_SIZE, i);
  return b;
}

/** Decode the record at `o`, choosing the union member the type code uses. */
export function decodeIrq(b: Uint8Array, o: number): Irq {
  const hi = u32(b, o + IRQ_TYPE_OFFSET);
  const lo = u32(b, o + IRQ_TYPE_LO_OFFSET);
  const type = join64(hi, lo);
  const p = o + IRQ_UNION_OFFSET;
  switch (classifyType(hi, lo)) {
    case IrqClass.Io:
      return {
        kind: 'io',
        type,
        subchannelId: u16(b, p + IO_SUBCHANNEL_ID_OFFSET),
        subchannelNr: u16(b, p + IO_SUBCHANNEL_NR_OFFSET),
        ioIntParm: u32(b, p + IO_INT_PARM_OFFSET),
        ioIntWord: u32(b, p + IO_INT_WORD_OFFSET),
      };
    case IrqClass.Mchk:
      return {
        kind: 'mchk',
        type,
        cr14: u64(b, p + MCHK_CR14_OFFSET),
        mcic: u64(b, p + MCHK_MCIC_OFFSET),
        failingStorageAddress: u64(b, p + MCHK_FAILING_STORAGE_ADDRESS_OFFSET),
        extDamageCode: u32(b, p + MCHK_EXT_DAMAGE_CODE_OFFSET),
        pad: u32(b, p + MCHK_PAD_OFFSET),
        fixedLogout: b.slice(p + MCHK_FIXED_LOGOUT_OFFSET, p + MCHK_FIXED_LOGOUT_OFFSET + MCHK_FIXED_LOGOUT_SIZE),
      };
    case IrqClass.Other:
      return { kind: 'raw', type, payload: b.slice(p, p + IRQ_UNION_SIZE) };
    default:
      return {
        kind: 'ext',
        type,
        extParams: u32(b, p + EXT_PARAMS_OFFSET),
        pad: u32(b, p + EXT_PAD_OFFSET),
        extParams2: u64(b, p + EXT_PARAMS2_OFFSET),
      };
  }
}

export function decodeIrqs(b: Uint8Array): Irq[] {
  const n = Math.floor(b.length / KVM_S390_IRQ_SIZE);
  const out = new Array<Irq>(n);
  for (let i = 0; i < n; i++) out[i] = decodeIrq(b, i * KVM_S390_IRQ_SIZE);
  return out;
}

// ---- Record writers for GET_ALL_IRQS (into a zeroed buffer: only the fields they name are set) --

const IO_AT = IRQ_UNION_OFFSET;
const EXT_AT = IRQ_UNION_OFFSET;
const MCHK_AT = IRQ_UNION_OFFSET;

/** An io record: type (always below 2^32), the schid word (subchannel_id, subchannel_nr), parm, word. */
export function writeIoRecord(dv: DataView, o: number, type: number, schid: number, parm: number, word: number): void {
  dv.setUint32(o + IRQ_TYPE_LO_OFFSET, type);
  dv.setUint32(o + IO_AT + IO_SCHID_WORD_OFFSET, schid);
  dv.setUint32(o + IO_AT + IO_INT_PARM_OFFSET, parm);
  dv.setUint32(o + IO_AT + IO_INT_WORD_OFFSET, word);
}

/** An ext record: ext_params, pad, ext_params2 (as halves). */
export function writeExtRecord(
  dv: DataView,
  o: number,
  type: number,
  params: number,
  pad: number,
  params2Hi: number,
  params2Lo: number,
): void {
  dv.setUint32(o + IRQ_TYPE_LO_OFFSET, type);
  dv.setUint32(o + EXT_AT + EXT_PARAMS_OFFSET, params);
  dv.setUint32(o + EXT_AT + EXT_PAD_OFFSET, pad);
  dv.setUint32(o + EXT_AT + EXT_PARAMS2_OFFSET, params2Hi);
  dv.setUint32(o + EXT_AT + EXT_PARAMS2_OFFSET + LOW_WORD, params2Lo);
}

/** A floating machine-check record: cr14's low word and mcic (as halves); the rest stays 0. */
export function writeMchkRecord(dv: DataView, o: number, cr14Lo: number, mcicHi: number, mcicLo: number): void {
  dv.setUint32(o + IRQ_TYPE_LO_OFFSET, KVM_S390_MCHK);
  dv.setUint32(o + MCHK_AT + MCHK_CR14_OFFSET + LOW_WORD, cr14Lo);
  dv.setUint32(o + MCHK_AT + MCHK_MCIC_OFFSET, mcicHi);
  dv.setUint32(o + MCHK_AT + MCHK_MCIC_OFFSET + LOW_WORD, mcicLo);
}
