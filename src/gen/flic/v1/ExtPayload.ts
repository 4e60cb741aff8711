// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The ext member: SERVICE, VIRTIO, PFAULT_DONE, PFAULT_INIT.
 */
export interface ExtPayload {
  'extParams'?: (number);
  'pad'?: (number);
  'extParams2'?: (number | string | Long);
}

/**
 * The ext member: SERVICE, VIRTIO, PFAULT_DONE, PFAULT_INIT.
 */
export interface ExtPayload__Output {
  'extParams': (number);
  'pad': (number);
  'extParams2': (string);
}
