// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The mchk member.
 */
export interface MchkPayload {
  'cr14'?: (number | string | Long);
  'mcic'?: (number | string | Long);
  'failingStorageAddress'?: (number | string | Long);
  'extDamageCode'?: (number);
  'pad'?: (number);
  /**
   * Up to 16 bytes; shorter is zero-padded.
   */
  'fixedLogout'?: (Buffer | Uint8Array | string);
}

/**
 * The mchk member.
 */
export interface MchkPayload__Output {
  'cr14': (string);
  'mcic': (string);
  'failingStorageAddress': (string);
  'extDamageCode': (number);
  'pad': (number);
  /**
   * Up to 16 bytes; shorter is zero-padded.
   */
  'fixedLogout': (Buffer);
}
