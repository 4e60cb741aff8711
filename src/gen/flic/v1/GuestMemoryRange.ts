// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A range of guest memory [start, start + size), for legacy/tracked MAP.
 */
export interface GuestMemoryRange {
  'start'?: (number | string | Long);
  'size'?: (number | string | Long);
}

/**
 * A range of guest memory [start, start + size), for legacy/tracked MAP.
 */
export interface GuestMemoryRange__Output {
  'start': (string);
  'size': (string);
}
