// TPI and TSCH of current kernels (docs/delivery.md §4.1-§4.3; the kernel's kvm_s390_get_io_int):
// one I/O interrupt leaves without a delivery. TPI looks at the queues of the enabled ISCs and at
// the GISA, and when it finds both it keeps the one of higher priority; TSCH looks for one
// subchannel's oldest queued interrupt and never at the GISA.
import { ISC_COUNT, KVM_S390_INT_IO_ADAPTER, cr6IscBit, iscFromIntWord, iscMask } from '../abi/index.js';
import { gisaIntWord } from '../delivery/taken.js';
import type { CurrentState } from './currentState.js';
import type { IoEntry } from './ioQueues.js';

const queued: IoEntry = { type: 0, schid: 0, parm: 0, word: 0 };

/** TPI: the interrupt into `out`, or false. `iscMask` is CR6's ISC bits (0x80000000 >> isc). */
export function tpiCurrent(state: CurrentState, iscMask32: number, out: IoEntry): boolean {
  let queuedIsc = -1;
  for (let isc = 0; isc < ISC_COUNT && queuedIsc < 0; isc++) {
    if ((iscMask32 & cr6IscBit(isc)) !== 0 && state.oldestIo(isc, queued)) {
      state.removeOldestIo(isc);
      queuedIsc = isc;
    }
  }
  // The lowest-numbered enabled ISC with its IPM bit (MSB0 bit i of the IPM is ISC i).
  const enabledIpm = state.gisaIpm & (iscMask32 >>> 24);
  const gisaIsc = enabledIpm === 0 ? -1 : Math.clz32(enabledIpm) - 24;
  if (gisaIsc >= 0) state.takeGisaBits(iscMask(gisaIsc));

  if (queuedIsc >= 0 && (gisaIsc < 0 || iscFromIntWord(queued.word) <= gisaIsc)) {
    // The queued interrupt has the higher (or the same) priority: the adapter's bit goes back.
    if (gisaIsc >= 0) state.restoreGisaBits(iscMask(gisaIsc));
    copy(queued, out);
    return true;
  }
  if (gisaIsc < 0) return false;
  // The adapter interrupt wins; the queued one goes back to the tail of its queue, as a fresh
  // injection whose failure the kernel ignores (it cannot fail: its own slot was just freed).
  if (queuedIsc >= 0) state.requeueIo(queued.type, queued.schid, queued.parm, queued.word);
  out.type = KVM_S390_INT_IO_ADAPTER;
  out.schid = 0;
  out.parm = 0;
  out.word = gisaIntWord(gisaIsc);
  return true;
}

/** TSCH: the oldest queued interrupt of subchannel `schid`, ISC 0 first; 0 dequeues nothing. */
export function tschCurrent(state: CurrentState, schid: number, out: IoEntry): boolean {
  if (schid === 0) return false;
  return state.takeIoOf(schid, out) >= 0;
}

function copy(from: IoEntry, to: IoEntry): void {
  to.type = from.type;
  to.schid = from.schid;
  to.parm = from.parm;
  to.word = from.word;
}
