// Original file: proto/flic/v1/flic.proto

import type { Interrupt as _flic_v1_Interrupt, Interrupt__Output as _flic_v1_Interrupt__Output } from '../../flic/v1/Interrupt.js';

export interface EnqueueRequest {
  'vmId'?: (string);
  'irqs'?: (_flic_v1_Interrupt)[];
}

export interface EnqueueRequest__Output {
  'vmId': (string);
  'irqs': (_flic_v1_Interrupt__Output)[];
}
