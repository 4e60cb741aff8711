// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface DeviceAttrResponse {
  /**
   * The ioctl's return value (GET_ALL_IRQS: the record count).
   */
  'ret'?: (number | string | Long);
  /**
   * GET: the bytes written at addr.
   */
  'data'?: (Buffer | Uint8Array | string);
}

export interface DeviceAttrResponse__Output {
  /**
   * The ioctl's return value (GET_ALL_IRQS: the record count).
   */
  'ret': (string);
  /**
   * GET: the bytes written at addr.
   */
  'data': (Buffer);
}
