// Original file: proto/flic/v1/flic.proto

import type { StateFormat as _flic_v1_StateFormat, StateFormat__Output as _flic_v1_StateFormat__Output } from '../../flic/v1/StateFormat.js';

export interface ExportVmRequest {
  'vmId'?: (string);
  'format'?: (_flic_v1_StateFormat);
}

export interface ExportVmRequest__Output {
  'vmId': (string);
  'format': (_flic_v1_StateFormat__Output);
}
