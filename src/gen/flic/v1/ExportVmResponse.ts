// Original file: proto/flic/v1/flic.proto

import type { StateFormat as _flic_v1_StateFormat, StateFormat__Output as _flic_v1_StateFormat__Output } from '../../flic/v1/StateFormat.js';

export interface ExportVmResponse {
  'state'?: (Buffer | Uint8Array | string);
  /**
   * The format written (FLIC for UNSPECIFIED).
   */
  'format'?: (_flic_v1_StateFormat);
}

export interface ExportVmResponse__Output {
  'state': (Buffer);
  /**
   * The format written (FLIC for UNSPECIFIED).
   */
  'format': (_flic_v1_StateFormat__Output);
}
