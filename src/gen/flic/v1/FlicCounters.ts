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
}
