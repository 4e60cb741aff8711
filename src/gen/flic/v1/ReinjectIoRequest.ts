// Original file: proto/flic/v1/flic.proto

import type { IoPayload as _flic_v1_IoPayload, IoPayload__Output as _flic_v1_IoPayload__Output } from '../../flic/v1/IoPayload.js';
import type { Long } from '@grpc/proto-loader';

export interface ReinjectIoRequest {
  'vmId'?: (string);
  'type'?: (number | string | Long);
  'io'?: (_flic_v1_IoPayload | null);
}

export interface ReinjectIoRequest__Output {
  'vmId': (string);
  'type': (string);
  'io': (_flic_v1_IoPayload__Output | null);
}
