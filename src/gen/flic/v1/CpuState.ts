// Original file: proto/flic/v1/flic.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What flic needs of one vCPU (flic keeps no vCPU state).
 */
export interface CpuState {
  /**
   * The first doubleword of the PSW.
   */
  'pswMask'?: (number | string | Long);
  'cr0'?: (number | string | Long);
  'cr6'?: (number | string | Long);
  'cr14'?: (number | string | Long);
  /**
   * 0 .. max_vcpus - 1.
   */
  'cpuId'?: (number);
  /**
   * The vCPU's pending local interrupts, as pending-word bits (0, 1, 2, 13, 18-21, 24, 25, 27).
   */
  'localPending'?: (number | string | Long);
  /**
   * cr14 of a pending local machine check (applied as given).
   */
  'localMchkCr14'?: (number | string | Long);
  /**
   * Protected vCPUs: the pending injection control, 0 = none (0..4).
   */
  'iictl'?: (number);
}

/**
 * What flic needs of one vCPU (flic keeps no vCPU state).
 */
export interface CpuState__Output {
  /**
   * The first doubleword of the PSW.
   */
  'pswMask': (string);
  'cr0': (string);
  'cr6': (string);
  'cr14': (string);
  /**
   * 0 .. max_vcpus - 1.
   */
  'cpuId': (number);
  /**
   * The vCPU's pending local interrupts, as pending-word bits (0, 1, 2, 13, 18-21, 24, 25, 27).
   */
  'localPending': (string);
  /**
   * cr14 of a pending local machine check (applied as given).
   */
  'localMchkCr14': (string);
  /**
   * Protected vCPUs: the pending injection control, 0 = none (0..4).
   */
  'iictl': (number);
}
