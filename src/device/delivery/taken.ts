// Delivery results (flic-delivery.md; the DeliverResponse field rules of issue 15): what was
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

function record(): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(KVM_S390_IRQ_SIZE);
  return { bytes, view: new DataView(bytes.buffer) };
}

export function ioRecord(type: number, schid: number, parm: number, word: number): Uint8Array {
  const r = record();
  writeIoRecord(r.view, 0, type, schid, parm, word);
  return r.bytes;
}

/** The adapter interrupt a GISA bit stands for (as GET_ALL_IRQS shows it). */
export function gisaRecord(isc: number): Uint8Array {
  return ioRecord(KVM_S390_INT_IO_ADAPTER, 0, 0, gisaIntWord(isc));
}

export function gisaIntWord(isc: number): number {
  return (IO_INT_WORD_AI | iscToIntWord(isc)) >>> 0;
}

export function extRecord(type: number, params: number, pad: number, params2Hi: number, params2Lo: number): Uint8Array {
  const r = record();
  writeExtRecord(r.view, 0, type, params, pad, params2Hi, params2Lo);
  return r.bytes;
}

export function mchkRecord(cr14Lo: number, mcicHi: number, mcicLo: number): Uint8Array {
  const r = record();
  writeMchkRecord(r.view, 0, cr14Lo, mcicHi, mcicLo);
  return r.bytes;
}
