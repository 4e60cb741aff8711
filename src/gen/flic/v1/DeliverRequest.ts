// Original file: proto/flic/v1/flic.proto

import type { CpuState as _flic_v1_CpuState, CpuState__Output as _flic_v1_CpuState__Output } from '../../flic/v1/CpuState.js';

export interface DeliverRequest {
  'vmId'?: (string);
  'cpu'?: (_flic_v1_CpuState | null);
  /**
   * Answer what would be taken; change nothing (and never wait).
   */
  'dryRun'?: (boolean);
  /**
   * 0: answer now; otherwise wait up to this long for something deliverable.
   */
  'waitMs'?: (number);
}

export interface DeliverRequest__Output {
  'vmId': (string);
  'cpu': (_flic_v1_CpuState__Output | null);
  /**
   * Answer what would be taken; change nothing (and never wait).
   */
  'dryRun': (boolean);
  /**
   * 0: answer now; otherwise wait up to this long for something deliverable.
   */
  'waitMs': (number);
}
