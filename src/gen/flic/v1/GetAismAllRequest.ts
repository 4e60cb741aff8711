// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface GetAismAllRequest {
  'vmId'?: (string);
  /**
   * The caller's buffer length in bytes (the kernel's attr); 0 means 2.
   */
  'bufferLen'?: (number | string | Long);
}

export interface GetAismAllRequest__Output {
  'vmId': (string);
  /**
   * The caller's buffer length in bytes (the kernel's attr); 0 means 2.
   */
  'bufferLen': (string);
}
