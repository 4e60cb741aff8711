// Original file: proto/flic/v1/flic.proto

import type { IoAdapter as _flic_v1_IoAdapter, IoAdapter__Output as _flic_v1_IoAdapter__Output } from '../../flic/v1/IoAdapter.js';

export interface AdapterRegisterRequest {
  'vmId'?: (string);
  'adapter'?: (_flic_v1_IoAdapter | null);
}

export interface AdapterRegisterRequest__Output {
  'vmId': (string);
  'adapter': (_flic_v1_IoAdapter__Output | null);
}
