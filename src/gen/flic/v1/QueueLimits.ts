// Original file: proto/flic/v1/flic.proto

import type { LimitedCounter as _flic_v1_LimitedCounter, LimitedCounter__Output as _flic_v1_LimitedCounter__Output } from '../../flic/v1/LimitedCounter.js';

export interface QueueLimits {
  'io'?: (_flic_v1_LimitedCounter | null);
  'virtio'?: (_flic_v1_LimitedCounter | null);
  'pfault'?: (_flic_v1_LimitedCounter | null);
}

export interface QueueLimits__Output {
  'io': (_flic_v1_LimitedCounter__Output | null);
  'virtio': (_flic_v1_LimitedCounter__Output | null);
  'pfault': (_flic_v1_LimitedCounter__Output | null);
}
