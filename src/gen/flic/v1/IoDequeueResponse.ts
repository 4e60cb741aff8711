// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface IoDequeueResponse {
  'found'?: (boolean);
  'subchannelId'?: (number);
  'subchannelNr'?: (number);
  'ioIntParm'?: (number);
  'ioIntWord'?: (number);
  /**
   * The record's 64-bit type as injected (0x04000000 for a GISA adapter interrupt).
   */
  'type'?: (number | string | Long);
}

export interface IoDequeueResponse__Output {
  'found': (boolean);
  'subchannelId': (number);
  'subchannelNr': (number);
  'ioIntParm': (number);
  'ioIntWord': (number);
  /**
   * The record's 64-bit type as injected (0x04000000 for a GISA adapter interrupt).
   */
  'type': (string);
}
