// What a kernel generation's FLIC implements. A Vm holds one engine, chosen by its profile (vm.ts),
// and reaches it through these calls only. Each engine keeps everything it holds in one state
// module (current/currentState.ts, original/originalState.ts).
import type { CpuWords } from './delivery/cpuState.js';
import type { EngineImage } from './state/vmImage.js';
import type {
  AttrCall,
  AttrResult,
  Delivery,
  FlicCounters,
  FlicInspectionRecords,
  IoIrq,
  Irq,
  QueueDepths,
  QueueLimits,
} from './types.js';

/**
 * The part of an inspection that depends on the engine (the Vm adds the rest), with every list as
 * kernel records: the server encodes them straight into the reply, and Vm.inspect() decodes them.
 */
export type EngineInspection = Omit<FlicInspectionRecords, 'profile' | 'config' | 'depths' | 'limits' | 'counters'>;

export interface FlicEngine {
  /** The raw entry points: (flags, group, attr, bytes at addr, badAddr) → (ret, bytes written). */
  setAttr(call: AttrCall): AttrResult;
  getAttr(call: AttrCall): AttrResult;
  hasAttr(call: AttrCall): AttrResult;
  /**
   * ENQUEUE from typed records, with the byte path's checks, order and partial effect: the
   * property test (test/device/model.property.test.ts) drives both against the reference model.
   */
  enqueueTyped(irqs: readonly Irq[]): void;
  /** O(1): read by the metrics at scrape time. */
  depths(): QueueDepths;
  /**
   * Throws ENOMEM, changing nothing, unless the pending-interrupt budget has room for what
   * `records` more records could need (the check every injection makes before its first record).
   */
  requireRoom(records: number, group: string): void;
  /** O(1): each limited queue's counter and the kernel's limit for it (Inspect and the metrics). */
  limits(): QueueLimits;
  inspect(): EngineInspection;
  /** Monotonic totals (a live object: read, do not write). */
  readonly counters: Readonly<FlicCounters>;
  readonly adapterCount: number;

  // ---- delivery (docs/delivery.md); the Vm has checked the arguments --------------------------

  /** The vCPU takes at most one floating interrupt; a dry run changes nothing. */
  deliver(cpu: CpuWords, dryRun: boolean): Delivery;
  /** TPI with CR6's ISC bits; null when nothing was dequeued. */
  tpi(iscMask: number): IoIrq | null;
  /** TSCH of one subchannel (schid word); null when nothing was dequeued. */
  tsch(schid: number): IoIrq | null;
  /** A dequeued I/O interrupt back as a fresh injection (type: an I/O type code, below 2^32). */
  reinjectIo(type: number, schid: number, parm: number, word: number): void;
  /** Protected VMs' SCLP-notification intercept (the Vm has checked that the VM is protected). */
  pvSclpIntercept(): void;
  /** A vCPU began waiting (the wake-up scan starts there from now on). */
  beginWait(cpuId: number): void;
  /** Where the wake-up scan of waiting vCPUs starts. */
  readonly waitScanStart: number;
  /** Grows with every injection that may have made something deliverable (O(1)). */
  readonly arrivals: number;

  // ---- the whole state (docs/state.md) -------------------------------------------------------

  /** Grows with every change of the state, whatever the call (O(1)): a call changed the device iff it moved. */
  readonly changes: number;
  /** The records GET_ALL_IRQS with the largest buffer would return now; takes nothing (GISA bits stay). */
  pendingRecords(): Uint8Array;
  /** Everything the engine holds, as plain data; changes nothing. */
  capture(): EngineImage;
  /** Takes on a checked image of this engine's profile; only on an engine just created. */
  restore(image: EngineImage): void;
}

export const EMPTY: Uint8Array = new Uint8Array(0);
export const OK: AttrResult = Object.freeze({ ret: 0, data: EMPTY });
