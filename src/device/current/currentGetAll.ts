// GET_ALL_IRQS of current kernels (spec §3.1, §5): checks, the GISA stage with its quirks, and the
// all-or-nothing sizing. The records themselves come from the state, in their fixed order.
import {
  ISC_COUNT,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  countBits,
  groupName,
  iscMask,
} from '../abi/index.js';
import { ErrorFigure, KvmError, counted } from '../errno.js';
import type { AttrCall, AttrResult } from '../types.js';
import { requireWritable } from '../userMemory.js';
import type { CurrentState } from './currentState.js';

const GROUP = groupName(KVM_DEV_FLIC_GET_ALL_IRQS);
const NO_GISA_BITS = 0;

export function collectCurrent(state: CurrentState, call: AttrCall): AttrResult {
  if (call.attr === 0n || call.attr > BigInt(KVM_S390_FLIC_MAX_BUFFER)) {
    throw new KvmError('EINVAL', GROUP, `buffer length ${call.attr} must be 1..${KVM_S390_FLIC_MAX_BUFFER}`);
  }
  const max = Math.floor(Number(call.attr) / KVM_S390_IRQ_SIZE);
  const queued = state.queuedRecords();

  // The kernel checks its capacity before each of the eight ISCs, and clears each bit as it takes
  // it: bits taken before a failure are lost (spec §5.3).
  const ipm = state.gisaIpm;
  let taken = NO_GISA_BITS;
  let n = 0;
  if (ipm !== 0) {
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      if (n === max) {
        state.loseGisaBits(taken);
        throw enomem(max, required(ipm, queued));
      }
      const bit = iscMask(isc);
      if ((ipm & bit) !== 0) {
        taken |= bit;
        n++;
      }
    }
  }
  const total = n + queued;
  if (total > max) {
    state.loseGisaBits(taken);
    throw enomem(max, required(taken, queued));
  }
  if (total === 0) return { ret: 0, data: new Uint8Array(0) };
  if (call.badAddr) {
    state.loseGisaBits(taken);
    requireWritable(call, GROUP, `${total} interrupt records`);
  }
  state.takeGisaBits(taken);
  const out = new Uint8Array(total * KVM_S390_IRQ_SIZE);
  state.writeRecords(new DataView(out.buffer), taken);
  return { ret: total, data: out };
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
  return new KvmError('ENOMEM', GROUP, `buffer holds ${counted(max, 'record')}, ${records} are needed (${bytes} bytes)`, {
    metadata: { [ErrorFigure.RequiredBytes]: String(bytes) },
  });
}
