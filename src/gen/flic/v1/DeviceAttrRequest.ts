// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface DeviceAttrRequest {
  'vmId'?: (string);
  'flags'?: (number);
  'group'?: (number);
  'attr'?: (number | string | Long);
  /**
   * The bytes readable at addr (SET), big-endian kernel layout.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * Every access to addr faults (EFAULT).
   */
  'badAddr'?: (boolean);
}

export interface DeviceAttrRequest__Output {
  'vmId': (string);
  'flags': (number);
  'group': (number);
  'attr': (string);
  /**
   * The bytes readable at addr (SET), big-endian kernel layout.
   */
  'data': (Buffer);
  /**
   * Every access to addr faults (EFAULT).
   */
  'badAddr': (boolean);
}
