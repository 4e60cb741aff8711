// What a kernel generation's FLIC implements. A Vm holds one engine, chosen by its profile (vm.ts),
// and reaches it through these calls only. Each engine keeps everything it holds in one state
// module (current/currentState.ts, original/originalState.ts).
import type {
  AttrCall,
  AttrResult,
  FlicCounters,
  FlicInspectionRecords,
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
  /** O(1): each limited queue's counter and the kernel's limit for it (Inspect and the metrics). */
  limits(): QueueLimits;
  inspect(): EngineInspection;
  /** Monotonic totals (a live object: read, do not write). */
  readonly counters: Readonly<FlicCounters>;
  readonly adapterCount: number;
}

export const EMPTY: Uint8Array = new Uint8Array(0);
export const OK: AttrResult = Object.freeze({ ret: 0, data: EMPTY });
