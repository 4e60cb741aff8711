// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

export interface MachineCheckState {
  'pending'?: (boolean);
  'cr14'?: (number | string | Long);
  'mcic'?: (number | string | Long);
}

export interface MachineCheckState__Output {
  'pending': (boolean);
  'cr14': (string);
  'mcic': (string);
}
