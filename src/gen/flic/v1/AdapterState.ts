// Original file: proto/flic/v1/flic.proto

import type { IoAdapter as _flic_v1_IoAdapter, IoAdapter__Output as _flic_v1_IoAdapter__Output } from '../../flic/v1/IoAdapter.js';
import type { Long } from '@grpc/proto-loader';

export interface AdapterState {
  'adapter'?: (_flic_v1_IoAdapter | null);
  'suppressible'?: (boolean);
  'masked'?: (boolean);
  /**
   * Guest addresses mapped (legacy / tracked map modes), in mapping order.
   */
  'mappings'?: (number | string | Long)[];
  /**
   * legacy mode: the map counter, which rejected MAPs also use up.
   */
  'mapCounter'?: (number);
}

export interface AdapterState__Output {
  'adapter': (_flic_v1_IoAdapter__Output | null);
  'suppressible': (boolean);
  'masked': (boolean);
  /**
   * Guest addresses mapped (legacy / tracked map modes), in mapping order.
   */
  'mappings': (string)[];
  /**
   * legacy mode: the map counter, which rejected MAPs also use up.
   */
  'mapCounter': (number);
}
