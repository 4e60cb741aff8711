// Original file: proto/flic/v1/flic.proto

import type { VmConfig as _flic_v1_VmConfig, VmConfig__Output as _flic_v1_VmConfig__Output } from '../../flic/v1/VmConfig.js';

export interface CreateVmRequest {
  'vmId'?: (string);
  'config'?: (_flic_v1_VmConfig | null);
}

export interface CreateVmRequest__Output {
  'vmId': (string);
  'config': (_flic_v1_VmConfig__Output | null);
}
