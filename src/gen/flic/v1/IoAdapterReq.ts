// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * struct kvm_s390_io_adapter_req.
 */
export interface IoAdapterReq {
  'id'?: (number);
  /**
   * 1 = MASK, 2 = MAP, 3 = UNMAP; anything else is EINVAL.
   */
  'type'?: (number);
  'mask'?: (boolean);
  'addr'?: (number | string | Long);
}

/**
 * struct kvm_s390_io_adapter_req.
 */
export interface IoAdapterReq__Output {
  'id': (number);
  /**
   * 1 = MASK, 2 = MAP, 3 = UNMAP; anything else is EINVAL.
   */
  'type': (number);
  'mask': (boolean);
  'addr': (string);
}
