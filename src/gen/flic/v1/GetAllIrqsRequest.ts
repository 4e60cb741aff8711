// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface GetAllIrqsRequest {
  'vmId'?: (string);
  /**
   * The caller's buffer length in bytes (the kernel's attr), 1..0x2000000.
   */
  'bufferLen'?: (number | string | Long);
}

export interface GetAllIrqsRequest__Output {
  'vmId': (string);
  /**
   * The caller's buffer length in bytes (the kernel's attr), 1..0x2000000.
   */
  'bufferLen': (string);
}
