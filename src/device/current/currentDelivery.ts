// Delivery of current kernels (docs/delivery.md §1-§3, §7): the gates over the pending word, the
// highest deliverable bit, and what taking it does to the state and stores into lowcore. A dry
// run walks the same path and changes nothing. The state is reached through its operations only.
import {
  CR0_CLOCK_COMPARATOR_SUBMASK,
  CR0_CPU_TIMER_SUBMASK,
  CR0_EMERGENCY_SIGNAL_SUBMASK,
  CR0_EXTERNAL_CALL_SUBMASK,
  CR0_SERVICE_SIGNAL_SUBMASK,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_II_MASK,
  IRQ_PEND_EXT_MASK,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
  IRQ_PEND_IO_ISC_0,
  IRQ_PEND_IO_ISC_7,
  IRQ_PEND_IO_MASK,
  IRQ_PEND_MCHK_EX,
  IRQ_PEND_MCHK_MASK,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_SERVICE_MASK,
  IRQ_PEND_SIGP_STOP,
  IRQ_PEND_VIRTIO,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  PSW_HI_EXT,
  PSW_HI_IO,
  PSW_HI_MCHECK,
  SERVICE_EVENT_PENDING_MASK,
  hi32,
  iscMask,
  lo32,
  pendingBitIsc,
} from '../abi/index.js';
import type { CpuWords } from '../delivery/cpuState.js';
import { EXT_PSW, IO_PSW, MCHK_PSW, NO_PSW, ioStores, mchkStores, pfaultDoneStores, serviceStores, virtioStores } from '../delivery/lowcore.js';
import { NOTHING, NO_STORES, extRecord, gisaIntWord, ioRecord, localWins, mchkRecord, taken } from '../delivery/taken.js';
import type { Delivery } from '../types.js';
import type { CurrentState } from './currentState.js';
import type { ExtEntry } from './extQueue.js';
import type { IoEntry } from './ioQueues.js';

/** Scratch for the entry being taken (delivery is synchronous: one is enough). */
const io: IoEntry = { type: 0, schid: 0, parm: 0, word: 0 };
const ext: ExtEntry = { params: 0, pad: 0, params2Hi: 0, params2Lo: 0 };

const bit = (n: number): number => 1 << n;

/**
 * §2: the candidates `pending` (floating | local bits) that this vCPU can take, in the kernel's
 * order of gates. `floatingCr14` is the floating machine check's cr14 (low word).
 */
export function deliverableBits(pending: number, cpu: CpuWords, protectedVm: boolean, floatingCr14: number): number {
  let m = pending;
  if ((cpu.pswHi & PSW_HI_EXT) === 0) m &= ~IRQ_PEND_EXT_MASK;
  // ISC n is enabled by CR6 bit 0x80000000 >> n; its pending bit is 10 - n: CR6's ISC byte shifted
  // left by 3 lines each ISC up with its bit (as the GISA IPM does).
  if ((cpu.pswHi & PSW_HI_IO) === 0) m &= ~IRQ_PEND_IO_MASK;
  else m &= ~IRQ_PEND_IO_MASK | ((cpu.cr6 >>> 24) << IRQ_PEND_IO_ISC_7);
  if ((cpu.cr0 & CR0_EXTERNAL_CALL_SUBMASK) === 0) m &= ~bit(IRQ_PEND_EXT_EXTERNAL);
  if ((cpu.cr0 & CR0_EMERGENCY_SIGNAL_SUBMASK) === 0) m &= ~bit(IRQ_PEND_EXT_EMERGENCY);
  if ((cpu.cr0 & CR0_CLOCK_COMPARATOR_SUBMASK) === 0) m &= ~bit(IRQ_PEND_EXT_CLOCK_COMP);
  if ((cpu.cr0 & CR0_CPU_TIMER_SUBMASK) === 0) m &= ~bit(IRQ_PEND_EXT_CPU_TIMER);
  if ((cpu.cr0 & CR0_SERVICE_SIGNAL_SUBMASK) === 0) m &= ~IRQ_PEND_SERVICE_MASK;
  if ((cpu.pswHi & PSW_HI_MCHECK) === 0) m &= ~IRQ_PEND_MCHK_MASK;
  if (protectedVm && cpu.iictl !== 0) m &= ~(IRQ_PEND_EXT_II_MASK | IRQ_PEND_IO_MASK | IRQ_PEND_MCHK_MASK);
  if (((cpu.cr14Hi & cpu.localCr14Hi) | (cpu.cr14Lo & (cpu.localCr14Lo | floatingCr14))) === 0) m &= ~bit(IRQ_PEND_MCHK_REP);
  return m & ~bit(IRQ_PEND_SIGP_STOP);
}

/**
 * The vCPU takes the highest deliverable bit. An empty SERVICE (its event bits already taken by
 * SERVICE_EV) is cleared without a delivery and the next candidate is taken in the same pass.
 */
export function deliverCurrent(state: CurrentState, protectedVm: boolean, cpu: CpuWords, dryRun: boolean): Delivery {
  // A dry run cannot clear the empty SERVICE, so it leaves it out of the candidates instead.
  let passedOver = 0;
  for (;;) {
    const candidates = (state.pendingWord() & ~passedOver) | cpu.local;
    const deliverable = deliverableBits(candidates, cpu, protectedVm, state.floatingMchkCr14);
    if (deliverable === 0) return NOTHING;
    const top = 31 - Math.clz32(deliverable);
    if ((cpu.local & bit(top)) !== 0) return local(state, top, dryRun);
    if (top <= IRQ_PEND_IO_ISC_0) return takeIo(state, top, protectedVm, dryRun);
    switch (top) {
      case IRQ_PEND_EXT_SERVICE_EV:
        return takeServiceEvents(state, protectedVm, dryRun);
      case IRQ_PEND_EXT_SERVICE: {
        const d = takeService(state, protectedVm, dryRun);
        if (d !== null) return d;
        passedOver |= IRQ_PEND_SERVICE_MASK;
        continue;
      }
      case IRQ_PEND_PFAULT_DONE:
        return takePfaultDone(state, dryRun);
      case IRQ_PEND_VIRTIO:
        return takeVirtio(state, dryRun);
      default:
        return takeMachineCheck(state, protectedVm, dryRun);
    }
  }
}

/** A local interrupt wins; a local machine check consumes a pending floating one with it (§3.6). */
function local(state: CurrentState, top: number, dryRun: boolean): Delivery {
  let record: Uint8Array | undefined;
  if (top === IRQ_PEND_MCHK_REP || top === IRQ_PEND_MCHK_EX) {
    const m = state.machineCheckState();
    if (m.pending) {
      record = mchkRecord(lo32(m.cr14), hi32(m.mcic), lo32(m.mcic));
      if (!dryRun) state.takeMachineCheck();
    }
  }
  if (!dryRun) state.countDelivery(top, true);
  return localWins(top, record);
}

/** §3.1: the oldest queue entry of the ISC; only when the queue is empty, its GISA bit. */
function takeIo(state: CurrentState, top: number, protectedVm: boolean, dryRun: boolean): Delivery {
  const isc = pendingBitIsc(top);
  const queued = state.oldestIo(isc, io);
  if (!queued) {
    io.type = KVM_S390_INT_IO_ADAPTER;
    io.schid = 0;
    io.parm = 0;
    io.word = gisaIntWord(isc);
  }
  if (!dryRun) {
    if (queued) state.removeOldestIo(isc);
    else state.takeGisaBits(iscMask(isc));
    state.countDelivery(top, false);
  }
  const record = ioRecord(io.type, io.schid, io.parm, io.word);
  if (protectedVm) return taken('io', top, record, NO_STORES, NO_PSW);
  return taken('io', top, record, ioStores(io.schid, io.parm, io.word), IO_PSW);
}

/** §3.2: the event bits of the service word leave it; SERVICE stays as it was. */
function takeServiceEvents(state: CurrentState, protectedVm: boolean, dryRun: boolean): Delivery {
  const param = state.serviceState().extParams & SERVICE_EVENT_PENDING_MASK;
  if (!dryRun) {
    state.takeServiceEvents();
    state.countDelivery(IRQ_PEND_EXT_SERVICE_EV, false);
  }
  return serviceDelivery(IRQ_PEND_EXT_SERVICE_EV, param, protectedVm);
}

/** §3.3: the whole word leaves with both flags; null when it was empty (nothing delivered). */
function takeService(state: CurrentState, protectedVm: boolean, dryRun: boolean): Delivery | null {
  const word = state.serviceState().extParams;
  if (!dryRun) state.takeService();
  if (word === 0) return null;
  if (!dryRun) state.countDelivery(IRQ_PEND_EXT_SERVICE, false);
  return serviceDelivery(IRQ_PEND_EXT_SERVICE, word, protectedVm);
}

function serviceDelivery(top: number, param: number, protectedVm: boolean): Delivery {
  const record = extRecord(KVM_S390_INT_SERVICE, param, 0, 0, 0);
  if (protectedVm) return taken('external', top, record, NO_STORES, NO_PSW);
  return taken('external', top, record, serviceStores(param), EXT_PSW);
}

/** §3.4 (no protected path: a protected vCPU gets the same stores). */
function takePfaultDone(state: CurrentState, dryRun: boolean): Delivery {
  state.oldestPfaultDone(ext);
  if (!dryRun) {
    state.removeOldestPfaultDone();
    state.countDelivery(IRQ_PEND_PFAULT_DONE, false);
  }
  const record = extRecord(KVM_S390_INT_PFAULT_DONE, ext.params, ext.pad, ext.params2Hi, ext.params2Lo);
  return taken('external', IRQ_PEND_PFAULT_DONE, record, pfaultDoneStores(ext.params2Hi, ext.params2Lo), EXT_PSW);
}

/** §3.5 (no protected path either). */
function takeVirtio(state: CurrentState, dryRun: boolean): Delivery {
  state.oldestVirtio(ext);
  if (!dryRun) {
    state.removeOldestVirtio();
    state.countDelivery(IRQ_PEND_VIRTIO, false);
  }
  const record = extRecord(KVM_S390_INT_VIRTIO, ext.params, ext.pad, ext.params2Hi, ext.params2Lo);
  return taken('external', IRQ_PEND_VIRTIO, record, virtioStores(ext.params, ext.params2Hi, ext.params2Lo), EXT_PSW);
}

/** §3.6: the whole merged record is consumed. */
function takeMachineCheck(state: CurrentState, protectedVm: boolean, dryRun: boolean): Delivery {
  const m = state.machineCheckState();
  const mcicHi = hi32(m.mcic);
  const mcicLo = lo32(m.mcic);
  if (!dryRun) {
    state.takeMachineCheck();
    state.countDelivery(IRQ_PEND_MCHK_REP, false);
  }
  const record = mchkRecord(lo32(m.cr14), mcicHi, mcicLo);
  if (protectedVm) return taken('machineCheck', IRQ_PEND_MCHK_REP, record, NO_STORES, NO_PSW);
  return taken('machineCheck', IRQ_PEND_MCHK_REP, record, mchkStores(mcicHi, mcicLo), MCHK_PSW);
}
