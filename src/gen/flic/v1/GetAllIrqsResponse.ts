// Original file: proto/flic/v1/flic.proto

import type { Interrupt as _flic_v1_Interrupt, Interrupt__Output as _flic_v1_Interrupt__Output } from '../../flic/v1/Interrupt.js';
import type { Long } from '@grpc/proto-loader';

export interface GetAllIrqsResponse {
  'irqs'?: (_flic_v1_Interrupt)[];
  /**
   * The ioctl's return value: the number of records.
   */
  'count'?: (number | string | Long);
}

export interface GetAllIrqsResponse__Output {
  'irqs': (_flic_v1_Interrupt__Output)[];
  /**
   * The ioctl's return value: the number of records.
   */
  'count': (string);
}
