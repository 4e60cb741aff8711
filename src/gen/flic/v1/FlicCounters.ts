// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Monotonic totals of this VM.
 */
export interface FlicCounters {
  'injectedIo'?: (number | string | Long);
  'injectedAdapter'?: (number | string | Long);
  'injectedVirtio'?: (number | string | Long);
  'injectedPfault'?: (number | string | Long);
  'injectedService'?: (number | string | Long);
  'injectedMchk'?: (number | string | Long);
  'suppressed'?: (number | string | Long);
  'cleared'?: (number | string | Long);
  'coalesced'?: (number | string | Long);
  /**
   * Floating interrupts taken by Deliver, indexed by pending bit (io: 3..10, external: 11, 12,
   * 13 (original profile), 15, 16; machine check: 24); 28 entries, or none before the first.
   */
  'delivered'?: (number | string | Long)[];
  /**
   * Deliver answers INTERRUPT_CLASS_LOCAL, indexed by the winning local bit; 28 entries or none.
   */
  'deliveredLocal'?: (number | string | Long)[];
  /**
   * TPI and TSCH calls that dequeued an interrupt (hits) and that found none (misses).
   */
  'tpiHits'?: (number | string | Long);
  'tpiMisses'?: (number | string | Long);
  'tschHits'?: (number | string | Long);
  'tschMisses'?: (number | string | Long);
  /**
   * Interrupts put back by ReinjectIo.
   */
  'reinjected'?: (number | string | Long);
}

/**
 * Monotonic totals of this VM.
 */
export interface FlicCounters__Output {
  'injectedIo': (string);
  'injectedAdapter': (string);
  'injectedVirtio': (string);
  'injectedPfault': (string);
  'injectedService': (string);
  'injectedMchk': (string);
  'suppressed': (string);
  'cleared': (string);
  'coalesced': (string);
  /**
   * Floating interrupts taken by Deliver, indexed by pending bit (io: 3..10, external: 11, 12,
   * 13 (original profile), 15, 16; machine check: 24); 28 entries, or none before the first.
   */
  'delivered': (string)[];
  /**
   * Deliver answers INTERRUPT_CLASS_LOCAL, indexed by the winning local bit; 28 entries or none.
   */
  'deliveredLocal': (string)[];
  /**
   * TPI and TSCH calls that dequeued an interrupt (hits) and that found none (misses).
   */
  'tpiHits': (string);
  'tpiMisses': (string);
  'tschHits': (string);
  'tschMisses': (string);
  /**
   * Interrupts put back by ReinjectIo.
   */
  'reinjected': (string);
}
