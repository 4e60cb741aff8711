// Original file: proto/flic/v1/flic.proto

import type { IoAdapterReq as _flic_v1_IoAdapterReq, IoAdapterReq__Output as _flic_v1_IoAdapterReq__Output } from '../../flic/v1/IoAdapterReq.js';

export interface AdapterModifyRequest {
  'vmId'?: (string);
  'req'?: (_flic_v1_IoAdapterReq | null);
}

export interface AdapterModifyRequest__Output {
  'vmId': (string);
  'req': (_flic_v1_IoAdapterReq__Output | null);
}
