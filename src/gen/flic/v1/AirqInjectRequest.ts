// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface AirqInjectRequest {
  'vmId'?: (string);
  /**
   * The raw 64-bit attr; only its low 32 bits count.
   */
  'adapterId'?: (number | string | Long);
}

export interface AirqInjectRequest__Output {
  'vmId': (string);
  /**
   * The raw 64-bit attr; only its low 32 bits count.
   */
  'adapterId': (string);
}
