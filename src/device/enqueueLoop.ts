// ENQUEUE's length checks and record loop (spec §3.2), shared by both kernel profiles. The loop
// reads exactly what the kernel reads, in the same order, so EFAULT and the partial effect of a
// failing batch fall where they fall in the kernel.
import {
  IRQ_TYPE_LO_OFFSET,
  IRQ_TYPE_OFFSET,
  IRQ_TYPE_SIZE,
  IRQ_UNION_OFFSET,
  IrqClass,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  checkIrq,
  classifyType,
  groupName,
  lo32,
  payloadSize,
  u32,
} from './abi/index.js';
import { ErrorFigure, KvmError, withFigures } from './errno.js';
import type { AttrCall, Irq } from './types.js';
import { requireReadable } from './userMemory.js';

const GROUP = groupName(KVM_DEV_FLIC_ENQUEUE);

/**
 * Receives one record whose type and union member were read: inject it or throw. `payload` is the
 * offset of the record's union in `b`. PFAULT_INIT reaches the sink, because the current kernel
 * rejects it only at injection, after the read.
 */
export type RecordSink = (cls: IrqClass, typeHi: number, typeLo: number, b: Uint8Array, payload: number, index: number) => void;

/** The kernel keeps attr in a signed 32-bit int. */
function lengthOf(attr: bigint): number {
  return lo32(attr) | 0;
}

/** The multiple-of-72 test is made on the sign-extended value as an unsigned 64-bit number. */
function isWholeRecords(len: number): boolean {
  if (len >= 0) return len % KVM_S390_IRQ_SIZE === 0;
  return BigInt.asUintN(64, BigInt(len)) % BigInt(KVM_S390_IRQ_SIZE) === 0n;
}

function checkLength(len: number): void {
  if (!isWholeRecords(len)) {
    throw new KvmError('EINVAL', GROUP, `length ${len} is not a multiple of ${KVM_S390_IRQ_SIZE}`);
  }
  if (len > KVM_S390_FLIC_MAX_BUFFER) {
    throw new KvmError('EINVAL', GROUP, `length ${len} exceeds KVM_S390_FLIC_MAX_BUFFER (${KVM_S390_FLIC_MAX_BUFFER})`);
  }
}

/**
 * A typed batch is checked whole before anything is injected: its length as the kernel checks
 * it, and every field against the width it has in struct kvm_s390_irq.
 */
export function checkTypedBatch(irqs: readonly Irq[]): void {
  checkLength(irqs.length * KVM_S390_IRQ_SIZE);
  for (let i = 0; i < irqs.length; i++) checkIrq(irqs[i]!, i);
}

export function rejectType(hi: number, lo: number, index: number): never {
  throw new KvmError('EINVAL', GROUP, `record ${index}: type ${typeText(hi, lo)} is not a floating interrupt type`);
}

/**
 * Every ENQUEUE failure says how many records of the call were injected before it (issue #12):
 * a harness that sees EBUSY knows what to resend without reading the whole state back.
 */
export function acceptedBefore(err: unknown, accepted: number): unknown {
  return err instanceof KvmError ? withFigures(err, { [ErrorFigure.AcceptedRecords]: String(accepted) }) : err;
}

/**
 * Receives, after the length checks and before the first record, how many records the call can
 * inject at most (the ones that lie in readable bytes), so that the pending-interrupt budget can
 * refuse the call before anything is taken.
 */
export type RoomCheck = (records: number) => void;

export function enqueueRecords(call: AttrCall, sink: RecordSink, requireRoom: RoomCheck): void {
  let i = 0;
  try {
    const len = lengthOf(call.attr);
    checkLength(len);
    // A negative length passes both checks and the unsigned loop test never stops it: the kernel
    // reads on until a read faults or a record is rejected.
    const records = len < 0 ? Infinity : len / KVM_S390_IRQ_SIZE;
    const b = call.data;
    requireRoom(call.badAddr ? 0 : Math.min(records, Math.ceil(b.length / KVM_S390_IRQ_SIZE)));
    // Records that lie wholly in the readable bytes cannot fault, so their reads skip the check;
    // the first record that may fault goes to the checked loop below, in the same order.
    const readable = call.badAddr ? 0 : Math.min(records, Math.floor(b.length / KVM_S390_IRQ_SIZE));
    let o = 0;
    for (; i < readable; i++, o += KVM_S390_IRQ_SIZE) {
      const hi = u32(b, o + IRQ_TYPE_OFFSET);
      const lo = u32(b, o + IRQ_TYPE_LO_OFFSET);
      const cls = classifyType(hi, lo);
      if (cls === IrqClass.Other) rejectType(hi, lo, i);
      sink(cls, hi, lo, b, o + IRQ_UNION_OFFSET, i);
    }
    for (; i < records; i++, o += KVM_S390_IRQ_SIZE) {
      requireReadable(call, GROUP, o + IRQ_TYPE_OFFSET, IRQ_TYPE_SIZE, 'the type', i);
      const hi = u32(b, o + IRQ_TYPE_OFFSET);
      const lo = u32(b, o + IRQ_TYPE_LO_OFFSET);
      const cls = classifyType(hi, lo);
      if (cls === IrqClass.Other) rejectType(hi, lo, i);
      requireReadable(call, GROUP, o + IRQ_UNION_OFFSET, payloadSize(cls), 'the payload', i);
      sink(cls, hi, lo, b, o + IRQ_UNION_OFFSET, i);
    }
  } catch (err) {
    throw acceptedBefore(err, i);
  }
}

function typeText(hi: number, lo: number): string {
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}
