// Delivery, TPI and TSCH of the 2013 device (docs/delivery.md §6; the decisions taken for the
// single-list kernels are in its §8): deliverable local interrupts go first; then the vCPU takes the first
// entry of the one list that its PSW and control registers enable. Its gates: the PSW external
// mask and CR0's service-signal subclass for every external entry, the PSW I/O mask and CR6 for
// I/O, the PSW machine-check mask and CR14 & the entry's own cr14 for machine checks.
import {
  CR0_CLOCK_COMPARATOR_SUBMASK,
  CR0_CPU_TIMER_SUBMASK,
  CR0_EMERGENCY_SIGNAL_SUBMASK,
  CR0_EXTERNAL_CALL_SUBMASK,
  CR0_SERVICE_SIGNAL_SUBMASK,
  EXT_PARAMS2_OFFSET,
  EXT_PARAMS_OFFSET,
  IO_INT_PARM_OFFSET,
  IO_INT_WORD_OFFSET,
  IO_SCHID_WORD_OFFSET,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_MCHK_EX,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_PFAULT_INIT,
  IRQ_PEND_VIRTIO,
  IRQ_UNION_OFFSET,
  IrqClass,
  LOW_WORD,
  MCHK_CR14_OFFSET,
  MCHK_MCIC_OFFSET,
  PSW_HI_EXT,
  PSW_HI_IO,
  PSW_HI_MCHECK,
  cr6IscBit,
  iscPendingBit,
  u32,
} from '../abi/index.js';
import type { CpuWords } from '../delivery/cpuState.js';
import {
  EXT_PSW,
  IO_PSW,
  MCHK_PSW,
  ioStores,
  originalMchkStores,
  pfaultDoneStores,
  pfaultInitStores,
  serviceStores,
  virtioStores,
} from '../delivery/lowcore.js';
import { NOTHING, localWins, taken } from '../delivery/taken.js';
import type { Delivery } from '../types.js';
import type { ListEntry, OriginalState } from './originalState.js';

const bit = (n: number): number => 1 << n;
const IO = IrqClass.Io;

/** The local bits the 2013 kernel would deliver: its per-type rules, applied to pending bits. */
function localDeliverable(cpu: CpuWords): number {
  let m = cpu.local;
  const ext = (cpu.pswHi & PSW_HI_EXT) !== 0;
  const gate = (n: number, enabled: boolean): void => {
    if (!enabled) m &= ~bit(n);
  };
  gate(IRQ_PEND_PFAULT_INIT, ext && (cpu.cr0 & CR0_SERVICE_SIGNAL_SUBMASK) !== 0);
  gate(IRQ_PEND_EXT_CPU_TIMER, ext && (cpu.cr0 & CR0_CPU_TIMER_SUBMASK) !== 0);
  gate(IRQ_PEND_EXT_CLOCK_COMP, ext && (cpu.cr0 & CR0_CLOCK_COMPARATOR_SUBMASK) !== 0);
  gate(IRQ_PEND_EXT_EXTERNAL, ext && (cpu.cr0 & CR0_EXTERNAL_CALL_SUBMASK) !== 0);
  gate(IRQ_PEND_EXT_EMERGENCY, ext && (cpu.cr0 & CR0_EMERGENCY_SIGNAL_SUBMASK) !== 0);
  // One machine-check type then, gated by CR14 & its own cr14.
  const mchk = (cpu.pswHi & PSW_HI_MCHECK) !== 0 && ((cpu.cr14Hi & cpu.localCr14Hi) | (cpu.cr14Lo & cpu.localCr14Lo)) !== 0;
  gate(IRQ_PEND_MCHK_REP, mchk);
  gate(IRQ_PEND_MCHK_EX, mchk);
  return m;
}

/** Whether the 2013 kernel would deliver this entry to this vCPU. */
function enabled(e: ListEntry, cpu: CpuWords): boolean {
  switch (e.cls) {
    case IrqClass.Io:
      return (cpu.pswHi & PSW_HI_IO) !== 0 && (cpu.cr6 & cr6IscBit(e.isc)) !== 0;
    case IrqClass.Mchk: {
      const p = IRQ_UNION_OFFSET + MCHK_CR14_OFFSET;
      const cr14 = (cpu.cr14Hi & u32(e.record, p)) | (cpu.cr14Lo & u32(e.record, p + LOW_WORD));
      return (cpu.pswHi & PSW_HI_MCHECK) !== 0 && cr14 !== 0;
    }
    default:
      return (cpu.pswHi & PSW_HI_EXT) !== 0 && (cpu.cr0 & CR0_SERVICE_SIGNAL_SUBMASK) !== 0;
  }
}

export function deliverOriginal(state: OriginalState, cpu: CpuWords, dryRun: boolean): Delivery {
  const local = localDeliverable(cpu);
  if (local !== 0) {
    // The kernel walked its local list in insertion order, which flic does not know: the highest
    // local bit (today's priority) stands for it.
    const top = 31 - Math.clz32(local);
    // The contract's LOCAL rule holds on both profiles: a winning local machine check takes the
    // first floating machine-check entry of the list with it, and hands it back.
    const floating = top === IRQ_PEND_MCHK_REP || top === IRQ_PEND_MCHK_EX ? state.find((e) => e.cls === IrqClass.Mchk) : null;
    if (!dryRun) {
      if (floating !== null) state.remove(floating);
      state.countDelivery(top, true);
    }
    return floating === null ? localWins(top) : localWins(top, floating.record.slice());
  }
  const e = state.find((x) => enabled(x, cpu));
  if (e === null) return NOTHING;
  const d = delivery(e);
  if (!dryRun) {
    state.remove(e);
    state.countDelivery(d.pendingBit, false);
  }
  return d;
}

function delivery(e: ListEntry): Delivery {
  const r = e.record;
  const record = r.slice();
  const p = IRQ_UNION_OFFSET;
  const params = u32(r, p + EXT_PARAMS_OFFSET);
  const p2hi = u32(r, p + EXT_PARAMS2_OFFSET);
  const p2lo = u32(r, p + EXT_PARAMS2_OFFSET + LOW_WORD);
  switch (e.cls) {
    case IrqClass.Io:
      return taken('io', iscPendingBit(e.isc), record, ioStores(u32(r, p + IO_SCHID_WORD_OFFSET), u32(r, p + IO_INT_PARM_OFFSET), u32(r, p + IO_INT_WORD_OFFSET)), IO_PSW);
    case IrqClass.Mchk:
      return taken('machineCheck', IRQ_PEND_MCHK_REP, record, originalMchkStores(u32(r, p + MCHK_MCIC_OFFSET), u32(r, p + MCHK_MCIC_OFFSET + LOW_WORD)), MCHK_PSW);
    case IrqClass.Service:
      return taken('external', IRQ_PEND_EXT_SERVICE, record, serviceStores(params), EXT_PSW);
    case IrqClass.Virtio:
      return taken('external', IRQ_PEND_VIRTIO, record, virtioStores(params, p2hi, p2lo), EXT_PSW);
    case IrqClass.PfaultDone:
      return taken('external', IRQ_PEND_PFAULT_DONE, record, pfaultDoneStores(p2hi, p2lo), EXT_PSW);
    default:
      return taken('external', IRQ_PEND_PFAULT_INIT, record, pfaultInitStores(p2hi, p2lo), EXT_PSW);
  }
}

/**
 * TPI: the first I/O entry in list order whose ISC `iscMask` enables; on the 2013 device a mask
 * of 0 meant every ISC (docs/delivery.md §6).
 */
export function tpiOriginal(state: OriginalState, iscMask: number): ListEntry | null {
  return state.find((e) => e.cls === IO && (iscMask === 0 || (iscMask & cr6IscBit(e.isc)) !== 0));
}

/** TSCH: the first I/O entry in list order of subchannel `schid`, over every ISC; 0 finds nothing. */
export function tschOriginal(state: OriginalState, schid: number): ListEntry | null {
  if (schid === 0) return null;
  return state.find((e) => e.cls === IO && u32(e.record, IRQ_UNION_OFFSET + IO_SCHID_WORD_OFFSET) === schid);
}
