// What a kernel generation's FLIC implements. Flic holds one and reaches it only through these
// raw attribute calls, so the typed API and the raw API can never disagree.
import type { AttrCall, AttrResult, FlicCounters, FlicInspection, Irq, QueueDepths } from './types.js';

export type EngineInspection = Omit<FlicInspection, 'profile' | 'config' | 'depths' | 'counters'>;

export interface FlicEngine {
  setAttr(call: AttrCall): AttrResult;
  getAttr(call: AttrCall): AttrResult;
  hasAttr(call: AttrCall): AttrResult;
  /** ENQUEUE from typed records: the same checks, order and partial effect as the byte path. */
  enqueueTyped(irqs: readonly Irq[]): void;
  /** O(1): read by the metrics at scrape time. */
  depths(): QueueDepths;
  inspect(): EngineInspection;
  readonly counters: FlicCounters;
  readonly adapterCount: number;
}

export const EMPTY: Uint8Array = new Uint8Array(0);
export const OK: AttrResult = Object.freeze({ ret: 0, data: EMPTY });
