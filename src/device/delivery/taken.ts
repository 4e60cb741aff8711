// Delivery results (docs/delivery.md; the DeliverResponse field rules of issue 15): what was
// taken, its 72-byte record as delivered, the lowcore stores and the PSW slots.
import {
  IO_INT_WORD_AI,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_IRQ_SIZE,
  iscToIntWord,
  writeExtRecord,
  writeIoRecord,
  writeMchkRecord,
} from '../abi/index.js';
import type { Delivery, InterruptClass, LowcoreStore } from '../types.js';
import { NO_PSW, type PswSlots } from './lowcore.js';

const EMPTY = new Uint8Array(0);
/** Protected deliveries and LOCAL answers store nothing. */
export const NO_STORES: readonly LowcoreStore[] = Object.freeze([]);

/** Nothing deliverable. */
export const NOTHING: Delivery = Object.freeze({
  interruptClass: 'none',
  pendingBit: 0,
  record: EMPTY,
  stores: NO_STORES,
  oldPswOffset: 0,
  newPswOffset: 0,
});

/** A floating interrupt taken; protected deliveries pass no stores and NO_PSW. */
export function taken(cls: InterruptClass, pendingBit: number, record: Uint8Array, stores: readonly LowcoreStore[], psw: PswSlots): Delivery {
  return { interruptClass: cls, pendingBit, record, stores, oldPswOffset: psw.oldPsw, newPswOffset: psw.newPsw };
}

/** A local interrupt wins; `record` is a floating machine check consumed with a local one, or empty. */
export function localWins(pendingBit: number, record: Uint8Array = EMPTY): Delivery {
  return { interruptClass: 'local', pendingBit, record, stores: NO_STORES, oldPswOffset: NO_PSW.oldPsw, newPswOffset: NO_PSW.newPsw };
}

// Records are cut from shared slabs. A new 72-byte array is past V8's limit for arrays kept in the
// heap (64 bytes) and needs a buffer of its own, which cost more than the rest of a delivery; a
// view of a slab does not. A slab (64 records) lives as long as any record cut from it.
const SLAB_RECORDS = 64;
let slab = new Uint8Array(SLAB_RECORDS * KVM_S390_IRQ_SIZE);
let view = new DataView(slab.buffer);
let used = 0;

/** The offset in `view` of a fresh, zeroed record; take it out with cut(). */
function nextRecord(): number {
  if (used === SLAB_RECORDS) {
    slab = new Uint8Array(SLAB_RECORDS * KVM_S390_IRQ_SIZE);
    view = new DataView(slab.buffer);
    used = 0;
  }
  return used++ * KVM_S390_IRQ_SIZE;
}

function cut(o: number): Uint8Array {
  return slab.subarray(o, o + KVM_S390_IRQ_SIZE);
}

export function ioRecord(type: number, schid: number, parm: number, word: number): Uint8Array {
  const o = nextRecord();
  writeIoRecord(view, o, type, schid, parm, word);
  return cut(o);
}

/** The adapter interrupt a GISA bit stands for (as GET_ALL_IRQS shows it). */
export function gisaRecord(isc: number): Uint8Array {
  return ioRecord(KVM_S390_INT_IO_ADAPTER, 0, 0, gisaIntWord(isc));
}

export function gisaIntWord(isc: number): number {
  return (IO_INT_WORD_AI | iscToIntWord(isc)) >>> 0;
}

export function extRecord(type: number, params: number, pad: number, params2Hi: number, params2Lo: number): Uint8Array {
  const o = nextRecord();
  writeExtRecord(view, o, type, params, pad, params2Hi, params2Lo);
  return cut(o);
}

export function mchkRecord(cr14Lo: number, mcicHi: number, mcicLo: number): Uint8Array {
  const o = nextRecord();
  writeMchkRecord(view, o, cr14Lo, mcicHi, mcicLo);
  return cut(o);
}
