// GET_ALL_IRQS of current kernels (spec §3.1, §5): checks, the GISA stage with its quirks, the
// all-or-nothing sizing, and the records in their fixed order.
import {
  FLIC_GROUP_NAMES,
  ISC_COUNT,
  IO_INT_WORD_AI,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_IRQ_SIZE,
  iscMask,
  countBits,
  iscToIntWord,
  writeExtRecord,
  writeIoRecord,
  writeMchkRecord,
} from './abi.js';
import type { CurrentFlic } from './currentFlic.js';
import { KvmError } from './errno.js';
import type { AttrCall, AttrResult } from './types.js';
import { requireWritable } from './userMemory.js';

const GROUP = FLIC_GROUP_NAMES[KVM_DEV_FLIC_GET_ALL_IRQS]!;
const NO_GISA_BITS = 0;

export function collectCurrent(f: CurrentFlic, call: AttrCall): AttrResult {
  if (call.attr === 0n || call.attr > BigInt(KVM_S390_FLIC_MAX_BUFFER)) {
    throw new KvmError('EINVAL', GROUP, `buffer length ${call.attr} must be 1..${KVM_S390_FLIC_MAX_BUFFER}`);
  }
  const max = Math.floor(Number(call.attr) / KVM_S390_IRQ_SIZE);
  const queued = f.queuedRecords();

  // The kernel checks its capacity before each of the eight ISCs, and clears each bit as it takes
  // it: bits taken before a failure are lost (spec §5.3).
  let taken = NO_GISA_BITS;
  let n = 0;
  if (f.gisaIpm !== 0) {
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      if (n === max) {
        f.counters.cleared += countBits(taken);
        throw enomem(max, required(f.gisaIpm | taken, queued));
      }
      const bit = iscMask(isc);
      if ((f.gisaIpm & bit) !== 0) {
        f.gisaIpm &= ~bit;
        taken |= bit;
        n++;
      }
    }
  }
  const total = n + queued;
  if (total > max) {
    f.counters.cleared += countBits(taken);
    throw enomem(max, required(taken, queued));
  }
  if (total === 0) return { ret: 0, data: new Uint8Array(0) };
  if (call.badAddr) {
    f.counters.cleared += countBits(taken);
    requireWritable(call, GROUP, `${total} interrupt records`);
  }
  return { ret: total, data: encode(f, taken, total) };
}

function encode(f: CurrentFlic, gisaBits: number, total: number): Uint8Array {
  const out = new Uint8Array(total * KVM_S390_IRQ_SIZE);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (let isc = 0; isc < ISC_COUNT; isc++) {
    if ((gisaBits & iscMask(isc)) === 0) continue;
    writeIoRecord(dv, o, KVM_S390_INT_IO_ADAPTER, 0, 0, (IO_INT_WORD_AI | iscToIntWord(isc)) >>> 0);
    o += KVM_S390_IRQ_SIZE;
  }
  const writeIo = (type: number, schid: number, parm: number, word: number): void => {
    writeIoRecord(dv, o, type, schid, parm, word);
    o += KVM_S390_IRQ_SIZE;
  };
  for (let isc = 0; isc < ISC_COUNT; isc++) f.io.forEach(isc, writeIo);
  f.pfault.forEach((p, pad, p2hi, p2lo) => {
    writeExtRecord(dv, o, KVM_S390_INT_PFAULT_DONE, p, pad, p2hi, p2lo);
    o += KVM_S390_IRQ_SIZE;
  });
  f.virtio.forEach((p, pad, p2hi, p2lo) => {
    writeExtRecord(dv, o, KVM_S390_INT_VIRTIO, p, pad, p2hi, p2lo);
    o += KVM_S390_IRQ_SIZE;
  });
  if (f.service.pending) {
    writeExtRecord(dv, o, KVM_S390_INT_SERVICE, f.service.word, 0, 0, 0);
    o += KVM_S390_IRQ_SIZE;
  }
  if (f.mchk.pending) writeMchkRecord(dv, o, f.mchk.cr14Lo, f.mchk.mcicHi, f.mchk.mcicLo);
  return out;
}

/**
 * Records a buffer needs for this call to succeed: every pending record, and with GISA bits set,
 * more than the bits below ISC 7 (the capacity check before ISC 7 must pass).
 */
function required(ipm: number, queued: number): number {
  const all = countBits(ipm) + queued;
  if (ipm === 0) return all;
  return Math.max(all, countBits(ipm & ~iscMask(ISC_COUNT - 1)) + 1);
}

function enomem(max: number, records: number): KvmError {
  const bytes = records * KVM_S390_IRQ_SIZE;
  return new KvmError('ENOMEM', GROUP, `buffer holds ${max} records, ${records} are needed (${bytes} bytes)`, {
    metadata: { requiredBytes: String(bytes) },
  });
}
